"""Documents' files in object storage: where they are kept and how they are downloaded
(storing uploads is ``hausportal.kit.uploads``)."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Sequence
from typing import TYPE_CHECKING

from fastapi import UploadFile
from fastapi.responses import StreamingResponse

from hausportal.kit import uploads as uploads_
from hausportal.kit.storage.port import ObjectNotFound, ObjectStorage, content_disposition
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


async def open_content(storage: ObjectStorage, key: str) -> AsyncIterator[bytes] | None:
    """The object's content, already started (so a missing object is known before the
    response begins), or None if it is gone."""
    chunks = storage.get(key)
    try:
        first = await anext(chunks)
    except ObjectNotFound:
        return None
    except StopAsyncIteration:
        first = b""

    async def content() -> AsyncIterator[bytes]:
        yield first
        async for chunk in chunks:
            yield chunk

    return content()


async def content_response(storage: ObjectStorage, document: Document) -> StreamingResponse | None:
    """The document's bytes as a download, or None if its object is gone."""
    content = await open_content(storage, document.object_key)
    if content is None:
        return None
    return StreamingResponse(
        content,
        media_type=document.content_type,
        headers={
            "Content-Disposition": content_disposition(document.file_name),
            "Content-Length": str(document.size),
            # Never rendered as anything but what it says (an uploaded HTML page, say).
            "X-Content-Type-Options": "nosniff",
        },
    )
