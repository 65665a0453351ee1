"""Staff endpoints of documents: /api/documents/documents, /staging, /publish."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, File, Form, Query, Response, UploadFile, status
from fastapi.responses import StreamingResponse

from hausportal.documents.deps import SettingsDep
from hausportal.documents.documents import service
from hausportal.documents.documents.files import content_response
from hausportal.documents.documents.repository import DocumentFilter
from hausportal.documents.documents.schemas import (
    AudienceKind,
    DocumentAudienceOut,
    DocumentChange,
    DocumentOut,
    DownloadOut,
    PublishRequest,
)
from hausportal.documents.documents.service import UploadFields
from hausportal.documents.documents.who_can_see import who_can_see
from hausportal.documents.models import DocumentStatus
from hausportal.kit.app import StorageDep
from hausportal.kit.auth import CurrentStaff
from hausportal.kit.clock import ClockDep, today
from hausportal.kit.db import SessionDep
from hausportal.kit.paging import Page, PageDep

router = APIRouter(tags=["documents"])


def upload_fields(
    property_id: Annotated[uuid.UUID, Form()],
    unit_id: Annotated[uuid.UUID | None, Form(description="A unit of the property")] = None,
    document_type: Annotated[str | None, Form(description="Default: Sonstiges")] = None,
    groups: Annotated[
        list[str] | None, Form(description="owners, tenants, residents (repeatable)")
    ] = None,
    internal: Annotated[bool, Form(description="Staff only")] = False,
    contact_id: Annotated[uuid.UUID | None, Form(description="One contact only")] = None,
    title: Annotated[
        str | None, Form(max_length=255, description="Only with one file; default: file name")
    ] = None,
) -> UploadFields:
    return UploadFields(
        property_id=property_id,
        unit_id=unit_id,
        document_type=document_type,
        groups=groups or (),
        internal=internal,
        contact_id=contact_id,
        title=title,
    )


UploadFieldsDep = Annotated[UploadFields, Depends(upload_fields)]


@router.post(
    "/documents",
    status_code=status.HTTP_201_CREATED,
    summary="Upload files and publish them at once (one document per file)",
)
async def upload_and_publish(
    files: Annotated[list[UploadFile], File(description="One or more files")],
    fields: UploadFieldsDep,
    session: SessionDep,
    staff: CurrentStaff,
    storage: StorageDep,
    settings: SettingsDep,
    clock: ClockDep,
    notify_now: Annotated[bool, Form(description="E-mail now, not only in the digest")] = False,
) -> list[DocumentOut]:
    documents = await service.upload(
        session,
        storage=storage,
        staff=staff,
        uploads=files,
        fields=fields,
        max_bytes=settings.max_upload_bytes,
        now=clock.now(),
        publish=True,
        notify_now=notify_now,
    )
    return [DocumentOut.of(d) for d in documents]


@router.post(
    "/staging",
    status_code=status.HTTP_201_CREATED,
    summary="Upload files as staged documents: visible to staff only until published",
)
async def stage(
    files: Annotated[list[UploadFile], File(description="One or more files")],
    fields: UploadFieldsDep,
    session: SessionDep,
    staff: CurrentStaff,
    storage: StorageDep,
    settings: SettingsDep,
    clock: ClockDep,
) -> list[DocumentOut]:
    documents = await service.upload(
        session,
        storage=storage,
        staff=staff,
        uploads=files,
        fields=fields,
        max_bytes=settings.max_upload_bytes,
        now=clock.now(),
        publish=False,
    )
    return [DocumentOut.of(d) for d in documents]


@router.post("/publish", summary="Publish staged documents together")
async def publish(
    body: PublishRequest, session: SessionDep, staff: CurrentStaff, clock: ClockDep
) -> list[DocumentOut]:
    documents = await service.publish(
        session,
        staff=staff,
        document_ids=body.document_ids,
        notify_now=body.notify_now,
        now=clock.now(),
    )
    return [DocumentOut.of(d) for d in documents]


@router.get("/documents", summary="Documents of the account, newest first")
async def list_documents(
    session: SessionDep,
    staff: CurrentStaff,
    page: PageDep,
    property_id: uuid.UUID | None = None,
    unit_id: uuid.UUID | None = None,
    document_type: str | None = None,
    audience: AudienceKind | None = None,
    status_: Annotated[DocumentStatus | None, Query(alias="status")] = None,
    q: Annotated[str | None, Query(max_length=200)] = None,
    serial_letter_id: Annotated[
        uuid.UUID | None, Query(description="The letters of one SmartPost serial letter")
    ] = None,
) -> Page[DocumentOut]:
    where = DocumentFilter(
        property_id=property_id,
        unit_id=unit_id,
        document_type=document_type,
        audience=audience,
        status=status_,
        q=q,
        serial_letter_id=serial_letter_id,
    )
    documents, total = await service.search(
        session, account_id=staff.account_id, where=where, page=page
    )
    return Page[DocumentOut].of([DocumentOut.of(d) for d in documents], total=total, params=page)


@router.get("/documents/{document_id}", summary="One document")
async def get_document(
    document_id: uuid.UUID, session: SessionDep, staff: CurrentStaff
) -> DocumentOut:
    document = await service.get(session, account_id=staff.account_id, document_id=document_id)
    return DocumentOut.of(document)


@router.patch("/documents/{document_id}", summary="Adjust a staged document")
async def change_document(
    document_id: uuid.UUID,
    body: DocumentChange,
    session: SessionDep,
    staff: CurrentStaff,
    clock: ClockDep,
) -> DocumentOut:
    document = await service.change(
        session, staff=staff, document_id=document_id, changes=body, now=clock.now()
    )
    return DocumentOut.of(document)


@router.delete(
    "/documents/{document_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Delete: hidden from contacts at once, content purged after the retention",
)
async def delete_document(
    document_id: uuid.UUID, session: SessionDep, staff: CurrentStaff, clock: ClockDep
) -> Response:
    await service.delete(session, staff=staff, document_id=document_id, now=clock.now())
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get("/documents/{document_id}/content", summary="The file (staff; not audited)")
async def document_content(
    document_id: uuid.UUID, session: SessionDep, staff: CurrentStaff, storage: StorageDep
) -> StreamingResponse:
    document = await service.get(session, account_id=staff.account_id, document_id=document_id)
    if document.status == DocumentStatus.deleted:
        raise service.document_not_found()
    content = await content_response(storage, document)
    if content is None:
        raise service.document_not_found()
    return content


@router.get("/documents/{document_id}/downloads", summary="Who downloaded it, and when")
async def document_downloads(
    document_id: uuid.UUID, session: SessionDep, staff: CurrentStaff, page: PageDep
) -> Page[DownloadOut]:
    rows, total, names = await service.downloads(
        session, account_id=staff.account_id, document_id=document_id, page=page
    )
    items = [
        DownloadOut(
            contact_id=row.contact_id,
            contact_name=names.get(row.contact_id),
            downloaded_at=row.downloaded_at,
        )
        for row in rows
    ]
    return Page[DownloadOut].of(items, total=total, params=page)


@router.get(
    "/documents/{document_id}/audience",
    summary="Who can see it on a day, and why (staged: who would, once published)",
)
async def document_audience(
    document_id: uuid.UUID,
    session: SessionDep,
    staff: CurrentStaff,
    clock: ClockDep,
    on: Annotated[date | None, Query(description="Default: today in Germany")] = None,
) -> DocumentAudienceOut:
    return await who_can_see(
        session,
        account_id=staff.account_id,
        document_id=document_id,
        on=on or today(clock),
    )
