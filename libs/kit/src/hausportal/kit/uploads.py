"""Files people upload, into object storage the same way everywhere: a safe name, a trusted
content type, a size limit with a German error naming the file, and all or nothing."""

from __future__ import annotations

import contextlib
import mimetypes
import os
import re
import unicodedata
import uuid
from collections.abc import AsyncIterator, Callable, Mapping, Sequence
from dataclasses import dataclass

from starlette.datastructures import UploadFile

from hausportal.kit.errors import Invalid, TooLarge
from hausportal.kit.storage.port import ObjectStorage, ObjectTooLarge, StoredObject

CHUNK_BYTES = 1 << 20
MAX_NAME_CHARS = 255
# type/subtype as RFC 6838 allows them; anything else is not trusted as a content type.
_MEDIA_TYPE = re.compile(r"^[a-z0-9][a-z0-9!#$&^_.+-]*/[a-z0-9][a-z0-9!#$&^_.+-]*$")
# Control, format (e.g. a right-to-left override that disguises ".exe") and line/paragraph
# separator characters.
_UNSAFE_CATEGORIES = frozenset({"Cc", "Cf", "Zl", "Zp"})


@dataclass(frozen=True)
class StoredUpload:
    id: uuid.UUID  # the new document's or attachment's id, part of its object key
    file_name: str
    content_type: str
    stored: StoredObject


def safe_file_name(raw: str | None, *, fallback: str) -> str:
    """The last path part of what the browser sent, without control characters, never empty,
    at most 255 characters (the extension kept)."""
    name = re.split(r"[\\/]", unicodedata.normalize("NFC", raw or ""))[-1]
    name = "".join(c for c in name if unicodedata.category(c) not in _UNSAFE_CATEGORIES).strip()
    if not name.strip("."):
        return fallback
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
    uploads: Sequence[UploadFile],
    *,
    key_of: Callable[[uuid.UUID], str],
    max_bytes: int,
    fallback_name: str,
    metadata: Mapping[str, str] | None = None,
) -> list[StoredUpload]:
    """Each upload under a new id (``key_of(id)`` is its object key). An empty file (422
    ``empty_file``) or one over ``max_bytes`` (413 ``file_too_large``) names the file; if any
    upload fails, none of them stays in storage."""
    stored: list[StoredUpload] = []
    try:
        for upload in uploads:
            stored.append(
                await _store_one(
                    storage,
                    upload,
                    key_of=key_of,
                    max_bytes=max_bytes,
                    fallback_name=fallback_name,
                    metadata=metadata,
                )
            )
    except BaseException:
        await discard(storage, [s.stored.key for s in stored])
        raise
    return stored


async def discard(storage: ObjectStorage, keys: Sequence[str]) -> None:
    """Delete what a failed request stored; never hides the error that brought us here."""
    for key in keys:
        with contextlib.suppress(Exception):
            await storage.delete(key)


async def _store_one(
    storage: ObjectStorage,
    upload: UploadFile,
    *,
    key_of: Callable[[uuid.UUID], str],
    max_bytes: int,
    fallback_name: str,
    metadata: Mapping[str, str] | None,
) -> StoredUpload:
    file_name = safe_file_name(upload.filename, fallback=fallback_name)
    first = await upload.read(CHUNK_BYTES)
    if not first:
        raise Invalid("empty_file", f"Die Datei „{file_name}“ ist leer.", file_name=file_name)
    new_id = uuid.uuid4()
    content_type = content_type_of(upload.content_type, file_name)

    async def content() -> AsyncIterator[bytes]:
        yield first
        while chunk := await upload.read(CHUNK_BYTES):
            yield chunk

    try:
        stored = await storage.put(
            key_of(new_id),
            content(),
            content_type=content_type,
            metadata=metadata,
            max_size=max_bytes,
        )
    except ObjectTooLarge:
        raise TooLarge(
            "file_too_large",
            f"Die Datei „{file_name}“ ist zu groß: erlaubt sind höchstens {human_size(max_bytes)}.",
            file_name=file_name,
            max_bytes=max_bytes,
        ) from None
    return StoredUpload(id=new_id, file_name=file_name, content_type=content_type, stored=stored)
