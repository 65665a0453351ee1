"""Staff API of outgoing mail: /api/notify/mails."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query

from hausportal.kit.auth import CurrentStaff
from hausportal.kit.db import SessionDep
from hausportal.kit.paging import Page, PageDep
from hausportal.notify.contacts import ensure_contact
from hausportal.notify.mails import service
from hausportal.notify.mails.schemas import MailOut
from hausportal.notify.models import MailKind, MailStatus

router = APIRouter(tags=["mails"])


@router.get("/mails", summary="Outgoing e-mails of the caller's account, newest first")
async def list_mails(
    session: SessionDep,
    staff: CurrentStaff,
    page: PageDep,
    contact_id: Annotated[UUID | None, Query(description="Only mails to this contact")] = None,
    status: Annotated[MailStatus | None, Query(description="Only mails in this state")] = None,
    kind: Annotated[MailKind | None, Query(description="Only mails of this kind")] = None,
) -> Page[MailOut]:
    return await service.list_mails(
        session,
        account_id=staff.account_id,
        contact_id=contact_id,
        status=status,
        kind=kind,
        page=page,
    )


@router.get(
    "/contacts/{contact_id}/mails",
    summary="What was sent to one contact of the caller's account, newest first",
    responses={404: {"description": "not_found"}},
)
async def list_contact_mails(
    session: SessionDep,
    staff: CurrentStaff,
    page: PageDep,
    contact_id: UUID,
    status: Annotated[MailStatus | None, Query(description="Only mails in this state")] = None,
    kind: Annotated[MailKind | None, Query(description="Only mails of this kind")] = None,
) -> Page[MailOut]:
    await ensure_contact(session, account_id=staff.account_id, contact_id=contact_id)
    return await service.list_mails(
        session,
        account_id=staff.account_id,
        contact_id=contact_id,
        status=status,
        kind=kind,
        page=page,
    )
