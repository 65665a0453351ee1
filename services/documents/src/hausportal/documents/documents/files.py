"""Uploaded files into object storage: safe names, content types, limits, nothing half-written."""

from __future__ import annotations

import contextlib
import mimetypes
import os
import re
import unicodedata
import uuid
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from fastapi import UploadFile
from fastapi.responses import StreamingResponse

from hausportal.kit.errors import Invalid, TooLarge
from hausportal.kit.storage.port import (
    ObjectNotFound,
    ObjectStorage,
    ObjectTooLarge,
    StoredObject,
    content_disposition,
)

if TYPE_CHECKING:
    from hausportal.documents.models import Document

CHUNK_BYTES = 1 << 20
MAX_NAME_CHARS = 255
FALLBACK_NAME = "Dokument"
# type/subtype as RFC 6838 allows them; anything else is not trusted as a content type.
_MEDIA_TYPE = re.compile(r"^[a-z0-9][a-z0-9!#$&^_.+-]*/[a-z0-9][a-z0-9!#$&^_.+-]*$")
# Control, format (e.g. right-to-left override) and line/paragraph separator characters.
_UNSAFE_CATEGORIES = frozenset({"Cc", "Cf", "Zl", "Zp"})


@dataclass(frozen=True)
class StoredFile:
    document_id: uuid.UUID
    file_name: str
    content_type: str
    stored: StoredObject


def object_key(*, account_id: uuid.UUID, document_id: uuid.UUID) -> str:
    return f"{account_id}/documents/{document_id}"


def sanitise_file_name(raw: str | None) -> str:
    """The last path part of what the browser sent, without control characters, never empty."""
    name = unicodedata.normalize("NFC", raw or "")
    name = re.split(r"[\\/]", name)[-1]
    name = "".join(c for c in name if unicodedata.category(c) not in _UNSAFE_CATEGORIES).strip()
    if not name.strip("."):
        return FALLBACK_NAME
    if len(name) > MAX_NAME_CHARS:
        stem, extension = os.path.splitext(name)
        extension = extension[:20]
        name = stem[: MAX_NAME_CHARS - len(extension)] + extension
    return name


def content_type_of(declared: str | None, file_name: str) -> str:
    """The type the upload declared, else one guessed from the file name's extension."""
    media_type = (declared or "").split(";")[0].strip().lower()
    if media_type and media_type != "application/octet-stream" and _MEDIA_TYPE.match(media_type):
        return media_type
    guessed, _ = mimetypes.guess_type(file_name, strict=False)
    return guessed or "application/octet-stream"


def human_size(size: int) -> str:
    """ "50 MB", "1,5 MB", "512 KB" (German decimal comma)."""
    for unit, factor in (("MB", 1 << 20), ("KB", 1 << 10)):
        if size >= factor:
            return f"{size / factor:.1f}".replace(".", ",").removesuffix(",0") + f" {unit}"
    return f"{size} Bytes"


async def store_uploads(
    storage: ObjectStorage,
    *,
    account_id: uuid.UUID,
    uploads: Sequence[UploadFile],
    max_bytes: int,
) -> list[StoredFile]:
    """Store every upload under a new document id; if one fails, none of them stays."""
    stored: list[StoredFile] = []
    try:
        for upload in uploads:
            stored.append(
                await _store(storage, account_id=account_id, upload=upload, max_bytes=max_bytes)
            )
    except BaseException:
        await discard(storage, stored)
        raise
    return stored


async def discard(storage: ObjectStorage, files: Sequence[StoredFile]) -> None:
    for file in files:
        # Deleting is idempotent; a failure here must not hide the error that brought us here.
        with contextlib.suppress(Exception):
            await storage.delete(file.stored.key)


async def _store(
    storage: ObjectStorage, *, account_id: uuid.UUID, upload: UploadFile, max_bytes: int
) -> StoredFile:
    file_name = sanitise_file_name(upload.filename)
    first = await upload.read(CHUNK_BYTES)
    if not first:
        raise Invalid("empty_file", f"Die Datei „{file_name}“ ist leer.", file_name=file_name)
    document_id = uuid.uuid4()
    content_type = content_type_of(upload.content_type, file_name)
    try:
        stored = await storage.put(
            object_key(account_id=account_id, document_id=document_id),
            _chunks(upload, first),
            content_type=content_type,
            metadata={"account-id": str(account_id), "document-id": str(document_id)},
            max_size=max_bytes,
        )
    except ObjectTooLarge:
        raise TooLarge(
            "file_too_large",
            f"Die Datei „{file_name}“ ist zu groß: erlaubt sind höchstens {human_size(max_bytes)}.",
            file_name=file_name,
            max_bytes=max_bytes,
        ) from None
    return StoredFile(
        document_id=document_id, file_name=file_name, content_type=content_type, stored=stored
    )


async def _chunks(upload: UploadFile, first: bytes) -> AsyncIterator[bytes]:
    yield first
    while chunk := await upload.read(CHUNK_BYTES):
        yield chunk


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
