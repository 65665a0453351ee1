"""/import: master data from a CSV or XLSX file, one row per contract."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, UploadFile

from hausportal.kit.auth import CurrentStaff
from hausportal.kit.db import SessionDep
from hausportal.kit.errors import TooLarge
from hausportal.portal.deps import SettingsDep
from hausportal.portal.imports.reader import read_sheet
from hausportal.portal.imports.schemas import ImportReport
from hausportal.portal.imports.service import import_sheet

router = APIRouter(tags=["import"])


@router.post(
    "/import",
    summary="Import properties, units, contacts and contracts (CSV or XLSX, one row per contract)",
    responses={
        413: {"description": "The file is too large"},
        415: {"description": "Neither CSV nor XLSX"},
        422: {"description": "Empty file, unreadable file or required columns missing"},
    },
)
async def import_master_data(
    session: SessionDep,
    staff: CurrentStaff,
    settings: SettingsDep,
    file: Annotated[UploadFile, File(description="CSV (; or , separated) or XLSX")],
) -> ImportReport:
    content = await file.read(settings.import_max_bytes + 1)
    if len(content) > settings.import_max_bytes:
        megabytes = settings.import_max_bytes // (1024 * 1024)
        raise TooLarge(
            "import_too_large",
            f"Die Datei ist zu groß: Es können höchstens {megabytes} MB importiert werden.",
        )
    sheet = read_sheet(content, filename=file.filename)
    return await import_sheet(session, account_id=staff.account_id, sheet=sheet)
