"""Staff work with documents: upload (and publish), stage, adjust, publish, delete, look up."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from fastapi import UploadFile
from sqlalchemy.ext.asyncio import AsyncSession

from hausportal.contracts.documents import (
    Audience,
    DocumentDeleted,
    DocumentPayload,
    DocumentPublished,
    DocumentRef,
)
from hausportal.documents.document_types.service import resolve_type
from hausportal.documents.documents import files, repository
from hausportal.documents.documents.audience import check_placement, choose_audience
from hausportal.documents.documents.repository import DocumentFilter
from hausportal.documents.documents.schemas import DocumentChange
from hausportal.documents.models import Document, DocumentStatus, Download, directory, outbox
from hausportal.kit.auth import Principal
from hausportal.kit.errors import Conflict, Invalid, NotFound
from hausportal.kit.paging import PageParams
from hausportal.kit.storage.port import ObjectStorage


@dataclass(frozen=True, kw_only=True)
class UploadFields:
    """The form fields that come with uploaded files."""

    property_id: uuid.UUID
    unit_id: uuid.UUID | None = None
    document_type: str | None = None
    groups: Sequence[str] = ()
    internal: bool = False
    contact_id: uuid.UUID | None = None
    title: str | None = None


def document_not_found() -> NotFound:
    return NotFound("document_not_found", "Das Dokument wurde nicht gefunden.")


async def upload(
    session: AsyncSession,
    *,
    storage: ObjectStorage,
    staff: Principal,
    uploads: Sequence[UploadFile],
    fields: UploadFields,
    max_bytes: int,
    now: datetime,
    publish: bool,
    notify_now: bool = False,
) -> list[Document]:
    """Store the files as documents: published at once, or staged for a later publish."""
    account_id = staff.account_id
    audience = choose_audience(
        groups=fields.groups,
        internal=fields.internal,
        contact_id=fields.contact_id,
        required=publish,
    )
    if not uploads:
        raise Invalid("no_files", "Bitte wählen Sie mindestens eine Datei aus.")
    title = (fields.title or "").strip() or None
    if title is not None and len(uploads) != 1:
        raise Invalid(
            "title_needs_single_file",
            "Ein Titel kann nur angegeben werden, wenn eine einzelne Datei hochgeladen wird.",
        )
    await check_placement(
        session,
        account_id=account_id,
        property_id=fields.property_id,
        unit_id=fields.unit_id,
        audience=audience,
    )
    document_type = await resolve_type(
        session, account_id=account_id, name=fields.document_type, now=now
    )
    stored = await files.store_uploads(
        storage, account_id=account_id, uploads=uploads, max_bytes=max_bytes
    )
    try:
        documents = [
            _document(
                file,
                staff=staff,
                fields=fields,
                title=title or file.file_name,
                document_type=document_type,
                audience=audience,
                now=now,
            )
            for file in stored
        ]
        await repository.add(session, documents)
        if publish:
            for document in documents:
                await _publish(session, document, staff=staff, now=now, notify_now=notify_now)
    except BaseException:
        await files.discard(storage, stored)
        raise
    return documents


def _document(
    file: files.StoredUpload,
    *,
    staff: Principal,
    fields: UploadFields,
    title: str,
    document_type: str,
    audience: Audience | None,
    now: datetime,
) -> Document:
    document = Document(
        id=file.id,
        account_id=staff.account_id,
        property_id=fields.property_id,
        unit_id=fields.unit_id,
        title=title[:255],
        document_type=document_type,
        file_name=file.file_name,
        content_type=file.content_type,
        size=file.stored.size,
        sha256=file.stored.sha256,
        object_key=file.stored.key,
        status=DocumentStatus.staged,
        notify_now=False,
        created_by=staff.subject_id,
        created_at=now,
    )
    document.set_audience(audience)
    return document


async def _publish(
    session: AsyncSession, document: Document, *, staff: Principal, now: datetime, notify_now: bool
) -> None:
    await publish_one(
        session, document, published_by=staff.subject_id, now=now, notify_now=notify_now
    )


async def publish_one(
    session: AsyncSession,
    document: Document,
    *,
    published_by: uuid.UUID,
    now: datetime,
    notify_now: bool,
) -> None:
    """Make a staged document visible and announce it (staff's publish and SmartPost's)."""
    audience = document.audience
    if audience is None:
        raise Invalid(
            "audience_missing",
            f"Für „{document.file_name}“ ist noch keine Freigabe gewählt.",
            document_id=str(document.id),
            file_name=document.file_name,
        )
    document.status = DocumentStatus.published
    document.published_at = now
    document.notify_now = notify_now
    await session.flush()
    await outbox.add(
        session,
        DocumentPublished(
            account_id=document.account_id,
            occurred_at=now,
            payload=DocumentPayload(
                document_id=document.id,
                property_id=document.property_id,
                unit_id=document.unit_id,
                title=document.title,
                document_type=document.document_type,
                audience=audience,
                file_name=document.file_name,
                content_type=document.content_type,
                size=document.size,
                sha256=document.sha256,
                published_at=now,
                notify_now=notify_now,
                published_by=published_by,
            ),
        ),
    )


async def publish(
    session: AsyncSession,
    *,
    staff: Principal,
    document_ids: Sequence[uuid.UUID],
    notify_now: bool,
    now: datetime,
) -> list[Document]:
    """Publish staged documents together; already published ones stay as they are."""
    ordered = list(dict.fromkeys(document_ids))
    found = await repository.get_many(session, account_id=staff.account_id, document_ids=ordered)
    if len(found) != len(ordered):
        raise document_not_found()
    documents = [found[document_id] for document_id in ordered]
    for document in documents:
        if document.status == DocumentStatus.deleted:
            raise Conflict(
                "document_deleted",
                f"„{document.file_name}“ wurde gelöscht und kann nicht veröffentlicht werden.",
                document_id=str(document.id),
            )
        if document.status == DocumentStatus.staged and document.audience is None:
            raise Invalid(
                "audience_missing",
                f"Für „{document.file_name}“ ist noch keine Freigabe gewählt.",
                document_id=str(document.id),
                file_name=document.file_name,
            )
    for document in documents:
        if document.status == DocumentStatus.staged:
            await _publish(session, document, staff=staff, now=now, notify_now=notify_now)
    return documents


async def change(
    session: AsyncSession,
    *,
    staff: Principal,
    document_id: uuid.UUID,
    changes: DocumentChange,
    now: datetime,
) -> Document:
    """Adjust a staged document; published ones are final (delete and upload again)."""
    document = await get(session, account_id=staff.account_id, document_id=document_id)
    if document.status != DocumentStatus.staged:
        raise Conflict(
            "document_not_staged",
            "Nur vorbereitete, noch nicht veröffentlichte Dokumente können geändert werden.",
        )
    given = changes.model_fields_set
    unit_id = changes.unit_id if "unit_id" in given else document.unit_id
    audience = document.audience
    if "audience" in given:
        wanted = changes.audience
        audience = (
            None
            if wanted is None
            else choose_audience(
                groups=wanted.groups,
                internal=wanted.internal,
                contact_id=wanted.contact_id,
                required=True,
            )
        )
    await check_placement(
        session,
        account_id=staff.account_id,
        property_id=document.property_id,
        unit_id=unit_id,
        audience=audience,
    )
    if "document_type" in given:
        document.document_type = await resolve_type(
            session, account_id=staff.account_id, name=changes.document_type, now=now
        )
    if changes.title is not None:
        document.title = changes.title
    document.unit_id = unit_id
    document.set_audience(audience)
    await session.flush()
    return document


async def delete(
    session: AsyncSession, *, staff: Principal, document_id: uuid.UUID, now: datetime
) -> None:
    """Hide the document from everyone but staff at once; the purge removes its content later."""
    document = await get(session, account_id=staff.account_id, document_id=document_id)
    await remove(session, document=document, now=now)


async def remove(session: AsyncSession, *, document: Document, now: datetime) -> None:
    """The one way a document is deleted, by staff or because SmartPost withdrew a letter:
    hidden at once, announced if it had been published; deleting twice is once."""
    if document.status == DocumentStatus.deleted:
        return
    was_published = document.status == DocumentStatus.published
    document.status = DocumentStatus.deleted
    document.deleted_at = now
    await session.flush()
    if was_published:
        await outbox.add(
            session,
            DocumentDeleted(
                account_id=document.account_id,
                occurred_at=now,
                payload=DocumentRef(
                    document_id=document.id,
                    property_id=document.property_id,
                    unit_id=document.unit_id,
                ),
            ),
        )


async def get(session: AsyncSession, *, account_id: uuid.UUID, document_id: uuid.UUID) -> Document:
    document = await repository.get(session, account_id=account_id, document_id=document_id)
    if document is None:
        raise document_not_found()
    return document


async def search(
    session: AsyncSession, *, account_id: uuid.UUID, where: DocumentFilter, page: PageParams
) -> tuple[list[Document], int]:
    return await repository.search(session, account_id=account_id, where=where, page=page)


async def downloads(
    session: AsyncSession, *, account_id: uuid.UUID, document_id: uuid.UUID, page: PageParams
) -> tuple[list[Download], int, dict[uuid.UUID, str]]:
    """The download audit of a document, with the names of the contacts who downloaded."""
    await get(session, account_id=account_id, document_id=document_id)
    rows, total = await repository.downloads(
        session, account_id=account_id, document_id=document_id, page=page
    )
    contacts = await directory.contacts(
        session, account_id=account_id, contact_ids=[row.contact_id for row in rows]
    )
    return rows, total, {contact_id: c.name for contact_id, c in contacts.items()}
