"""Photos and files of tickets in object storage: only kinds a browser shows safely, recognised
by their first bytes (not by what the upload claims), stored through ``hausportal.kit.uploads``."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from fastapi import UploadFile, status
from fastapi.responses import StreamingResponse
from starlette.datastructures import Headers

from hausportal.kit import uploads
from hausportal.kit.errors import UserError
from hausportal.kit.storage.port import ObjectNotFound, ObjectStorage, content_disposition
from hausportal.kit.uploads import StoredUpload, safe_file_name
from hausportal.tasks.models import TicketAttachment

FALLBACK_NAME = "Datei"
ALLOWED = "Fotos (JPEG, PNG, GIF, WebP, HEIC) und PDF-Dateien"
_HEIF_BRANDS = {b"heic", b"heix", b"heif", b"hevc", b"mif1", b"msf1"}


def object_key(*, account_id: uuid.UUID, ticket_id: uuid.UUID, attachment_id: uuid.UUID) -> str:
    return f"{account_id}/tickets/{ticket_id}/{attachment_id}"


def sniffed_type(head: bytes) -> str | None:
    """The content type the file's first bytes show, if it is one we accept."""
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head.startswith((b"GIF87a", b"GIF89a")):
        return "image/gif"
    if head.startswith(b"RIFF") and head[8:12] == b"WEBP":
        return "image/webp"
    if head[4:8] == b"ftyp" and head[8:12] in _HEIF_BRANDS:
        return "image/heic"
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    return None


async def checked(files: Sequence[UploadFile]) -> list[UploadFile]:
    """The uploads, each carrying the type its content shows; 415 ``unsupported_file_type``
    naming the first file of another kind. An empty file is left to the kit (422)."""
    trusted: list[UploadFile] = []
    for upload in files:
        head = await upload.read(16)
        await upload.seek(0)
        if not head:
            trusted.append(upload)
            continue
        content_type = sniffed_type(head)
        if content_type is None:
            name = safe_file_name(upload.filename, fallback=FALLBACK_NAME)
            raise UserError(
                "unsupported_file_type",
                f"Die Datei „{name}“ hat ein Format, das hier nicht angenommen wird. "
                f"Möglich sind {ALLOWED}.",
                status_code=status.HTTP_415_UNSUPPORTED_MEDIA_TYPE,
                file_name=name,
            )
        trusted.append(
            UploadFile(
                upload.file,
                size=upload.size,
                filename=upload.filename,
                headers=Headers({"content-type": content_type}),
            )
        )
    return trusted


async def store(
    storage: ObjectStorage,
    files: Sequence[UploadFile],
    *,
    account_id: uuid.UUID,
    ticket_id: uuid.UUID,
    max_bytes: int,
) -> list[StoredUpload]:
    """Every file under a new attachment id; if one fails, none stays."""
    return await uploads.store_uploads(
        storage,
        await checked(files),
        key_of=lambda attachment_id: object_key(
            account_id=account_id, ticket_id=ticket_id, attachment_id=attachment_id
        ),
        max_bytes=max_bytes,
        fallback_name=FALLBACK_NAME,
        metadata={"account-id": str(account_id), "ticket-id": str(ticket_id)},
    )


async def discard(storage: ObjectStorage, stored: Sequence[StoredUpload]) -> None:
    await uploads.discard(storage, [file.stored.key for file in stored])


async def download(
    storage: ObjectStorage, attachment: TicketAttachment
) -> StreamingResponse | None:
    """The file as a download, or None if its object is gone."""
    try:
        await storage.stat(attachment.object_key)
    except ObjectNotFound:
        return None
    return StreamingResponse(
        storage.get(attachment.object_key),
        media_type=attachment.content_type,
        headers={
            "Content-Disposition": content_disposition(attachment.file_name),
            "Content-Length": str(attachment.size),
            "X-Content-Type-Options": "nosniff",
        },
    )
