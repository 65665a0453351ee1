"""Attachments of messages and appointments in the object storage: safe names, size limit,
nothing left behind when one file of several fails."""

from __future__ import annotations

import contextlib
import mimetypes
import os
import re
import unicodedata
import uuid
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass

from starlette.datastructures import UploadFile

from hausportal.kit.errors import Invalid, TooLarge
from hausportal.kit.storage.port import ObjectStorage, ObjectTooLarge, StoredObject

_CHUNK = 1 << 20
_MAX_NAME = 255
_FALLBACK_NAME = "Anhang"
# Control and format characters (e.g. a right-to-left override that disguises ".exe").
_UNSAFE = frozenset({"Cc", "Cf", "Zl", "Zp"})
_MEDIA_TYPE = re.compile(r"^[a-z0-9][a-z0-9!#$&^_.+-]*/[a-z0-9][a-z0-9!#$&^_.+-]*$")


@dataclass(frozen=True)
class StoredAttachment:
    attachment_id: uuid.UUID
    file_name: str
    content_type: str
    stored: StoredObject


def object_key(
    *, account_id: uuid.UUID, announcement_id: uuid.UUID, attachment_id: uuid.UUID
) -> str:
    return f"{account_id}/portal/announcements/{announcement_id}/{attachment_id}"


def file_name_of(raw: str | None) -> str:
    """The last part of the path the browser sent, without control characters, never empty."""
    name = re.split(r"[\\/]", unicodedata.normalize("NFC", raw or ""))[-1]
    name = "".join(c for c in name if unicodedata.category(c) not in _UNSAFE).strip()
    if not name.strip("."):
        return _FALLBACK_NAME
    if len(name) > _MAX_NAME:
        stem, extension = os.path.splitext(name)
        name = stem[: _MAX_NAME - len(extension[:20])] + extension[:20]
    return name


def content_type_of(declared: str | None, file_name: str) -> str:
    media_type = (declared or "").split(";")[0].strip().lower()
    if media_type and media_type != "application/octet-stream" and _MEDIA_TYPE.match(media_type):
        return media_type
    return mimetypes.guess_type(file_name, strict=False)[0] or "application/octet-stream"


def _megabytes(size: int) -> str:
    return f"{size / (1 << 20):.1f}".replace(".", ",").removesuffix(",0") + " MB"


async def store(
    storage: ObjectStorage,
    *,
    account_id: uuid.UUID,
    announcement_id: uuid.UUID,
    uploads: Sequence[UploadFile],
    max_bytes: int,
) -> list[StoredAttachment]:
    """Every upload under a new attachment id; if one fails (empty, too large), none stays."""
    stored: list[StoredAttachment] = []
    try:
        for upload in uploads:
            stored.append(
                await _store_one(
                    storage,
                    account_id=account_id,
                    announcement_id=announcement_id,
                    upload=upload,
                    max_bytes=max_bytes,
                )
            )
    except BaseException:
        await discard(storage, [s.stored.key for s in stored])
        raise
    return stored


async def discard(storage: ObjectStorage, keys: Sequence[str]) -> None:
    for key in keys:
        # Idempotent; a failure here must not hide the error that brought us here.
        with contextlib.suppress(Exception):
            await storage.delete(key)


async def _store_one(
    storage: ObjectStorage,
    *,
    account_id: uuid.UUID,
    announcement_id: uuid.UUID,
    upload: UploadFile,
    max_bytes: int,
) -> StoredAttachment:
    file_name = file_name_of(upload.filename)
    first = await upload.read(_CHUNK)
    if not first:
        raise Invalid("attachment_empty", f"Die Datei „{file_name}“ ist leer.", file_name=file_name)
    attachment_id = uuid.uuid4()
    content_type = content_type_of(upload.content_type, file_name)

    async def content() -> AsyncIterator[bytes]:
        yield first
        while chunk := await upload.read(_CHUNK):
            yield chunk

    try:
        stored = await storage.put(
            object_key(
                account_id=account_id,
                announcement_id=announcement_id,
                attachment_id=attachment_id,
            ),
            content(),
            content_type=content_type,
            max_size=max_bytes,
        )
    except ObjectTooLarge:
        raise TooLarge(
            "attachment_too_large",
            f"Die Datei „{file_name}“ ist zu groß: erlaubt sind höchstens {_megabytes(max_bytes)}.",
            file_name=file_name,
            max_bytes=max_bytes,
        ) from None
    return StoredAttachment(
        attachment_id=attachment_id, file_name=file_name, content_type=content_type, stored=stored
    )
