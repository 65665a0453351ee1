"""Contact endpoints: /api/documents/my/documents (staff get 403 from the kit)."""

from __future__ import annotations

import uuid

from fastapi import APIRouter
from fastapi.responses import StreamingResponse

from hausportal.documents.documents.files import content_response
from hausportal.documents.documents.service import document_not_found
from hausportal.documents.my_documents import service
from hausportal.documents.my_documents.schemas import MyDocumentOut
from hausportal.kit.app import StorageDep
from hausportal.kit.auth import CurrentContact
from hausportal.kit.clock import ClockDep
from hausportal.kit.db import SessionDep
from hausportal.kit.paging import Page, PageDep

router = APIRouter(prefix="/my/documents", tags=["my documents"])


@router.get("", summary="The documents I can see today, newest first")
async def list_my_documents(
    session: SessionDep,
    contact: CurrentContact,
    clock: ClockDep,
    page: PageDep,
    property_id: uuid.UUID | None = None,
    document_type: str | None = None,
) -> Page[MyDocumentOut]:
    documents, total = await service.my_documents(
        session,
        contact=contact,
        clock=clock,
        page=page,
        property_id=property_id,
        document_type=document_type,
    )
    return Page[MyDocumentOut].of(
        [MyDocumentOut.of(d) for d in documents], total=total, params=page
    )


@router.get("/{document_id}", summary="One of my documents")
async def get_my_document(
    document_id: uuid.UUID, session: SessionDep, contact: CurrentContact, clock: ClockDep
) -> MyDocumentOut:
    document = await service.my_document(
        session, contact=contact, clock=clock, document_id=document_id
    )
    return MyDocumentOut.of(document)


@router.get("/{document_id}/content", summary="Download one of my documents (audited)")
async def my_document_content(
    document_id: uuid.UUID,
    session: SessionDep,
    contact: CurrentContact,
    clock: ClockDep,
    storage: StorageDep,
) -> StreamingResponse:
    document = await service.my_document(
        session, contact=contact, clock=clock, document_id=document_id
    )
    response = await content_response(storage, document)
    if response is None:
        raise document_not_found()
    # Recorded in this request's transaction, committed before the bytes are sent.
    await service.record_download(session, contact=contact, clock=clock, document=document)
    return response
