"""Staff endpoints of document types: /api/documents/document-types."""

from __future__ import annotations

from fastapi import APIRouter, status

from hausportal.documents.document_types import service
from hausportal.documents.document_types.schemas import DocumentTypeCreate, DocumentTypeOut
from hausportal.kit.auth import CurrentStaff
from hausportal.kit.clock import ClockDep
from hausportal.kit.db import SessionDep

router = APIRouter(prefix="/document-types", tags=["document types"])


@router.get("", summary="The account's document types (German defaults on first use)")
async def list_document_types(
    session: SessionDep, staff: CurrentStaff, clock: ClockDep
) -> list[DocumentTypeOut]:
    types = await service.list_types(session, account_id=staff.account_id, now=clock.now())
    return [DocumentTypeOut.model_validate(t) for t in types]


@router.post("", status_code=status.HTTP_201_CREATED, summary="Add a document type (409 if taken)")
async def create_document_type(
    body: DocumentTypeCreate, session: SessionDep, staff: CurrentStaff, clock: ClockDep
) -> DocumentTypeOut:
    created = await service.create_type(
        session, account_id=staff.account_id, name=body.name, now=clock.now()
    )
    return DocumentTypeOut.model_validate(created)
