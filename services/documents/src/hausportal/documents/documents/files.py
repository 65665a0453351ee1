"""Documents' files in object storage: where they are kept and how they are downloaded
(storing uploads is ``hausportal.kit.uploads``)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import TYPE_CHECKING

from fastapi import UploadFile
from fastapi.responses import StreamingResponse

from hausportal.kit import uploads as uploads_
from hausportal.kit.downloads import download_response
from hausportal.kit.storage.port import ObjectStorage
from hausportal.kit.uploads import StoredUpload, safe_file_name

if TYPE_CHECKING:
    from hausportal.documents.models import Document

FALLBACK_NAME = "Dokument"


def object_key(*, account_id: uuid.UUID, document_id: uuid.UUID) -> str:
    return f"{account_id}/documents/{document_id}"


def sanitise_file_name(raw: str | None) -> str:
    return safe_file_name(raw, fallback=FALLBACK_NAME)


async def store_uploads(
    storage: ObjectStorage,
    *,
    account_id: uuid.UUID,
    uploads: Sequence[UploadFile],
    max_bytes: int,
) -> list[StoredUpload]:
    """Every upload under a new document id (``StoredUpload.id``); if one fails, none stays."""
    return await uploads_.store_uploads(
        storage,
        uploads,
        key_of=lambda document_id: object_key(account_id=account_id, document_id=document_id),
        max_bytes=max_bytes,
        fallback_name=FALLBACK_NAME,
        metadata={"account-id": str(account_id)},
    )


async def discard(storage: ObjectStorage, files: Sequence[StoredUpload]) -> None:
    await uploads_.discard(storage, [file.stored.key for file in files])


async def content_response(storage: ObjectStorage, document: Document) -> StreamingResponse | None:
    """The document's bytes as a download, or None if its object is gone."""
    return await download_response(
        storage,
        document.object_key,
        file_name=document.file_name,
        content_type=document.content_type,
        size=document.size,
    )
