"""Staff endpoint: /api/documents/preview (the portal's documents as a contact sees them)."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query

from hausportal.documents.my_documents.schemas import MyDocumentOut
from hausportal.documents.preview import service
from hausportal.documents.preview.schemas import DocumentsPreviewOut, PreviewRole
from hausportal.kit.auth import CurrentStaff
from hausportal.kit.clock import ClockDep, today
from hausportal.kit.db import SessionDep
from hausportal.kit.paging import PageDep

router = APIRouter(prefix="/preview", tags=["portal preview"])


@router.get("", summary="The documents a tenant, owner or resident of the property sees today")
async def preview_documents(
    session: SessionDep,
    staff: CurrentStaff,
    clock: ClockDep,
    page: PageDep,
    property_id: uuid.UUID,
    as_: Annotated[PreviewRole, Query(alias="as", description="tenant, owner or resident")],
    unit_id: Annotated[
        uuid.UUID | None,
        Query(description="The tenant's/owner's unit; without it the property's documents only"),
    ] = None,
    document_type: str | None = None,
) -> DocumentsPreviewOut:
    on = today(clock)
    preview = await service.documents_preview(
        session,
        account_id=staff.account_id,
        property_id=property_id,
        role=as_,
        unit_id=unit_id,
        on=on,
        page=page,
        document_type=document_type,
    )
    return DocumentsPreviewOut(
        items=[MyDocumentOut.of(d) for d in preview.documents],
        total=preview.total,
        limit=page.limit,
        offset=page.offset,
        property_id=property_id,
        role=as_,
        unit_id=unit_id,
        scope=preview.scope,
        on=on,
    )
