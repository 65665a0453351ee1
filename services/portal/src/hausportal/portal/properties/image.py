"""A property's picture (shown on the residents' start page): one object per property."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator

from fastapi import UploadFile
from sqlalchemy.ext.asyncio import AsyncSession

from hausportal.kit.errors import Invalid, NotFound, TooLarge, UserError
from hausportal.kit.storage.port import ObjectInfo, ObjectStorage, ObjectTooLarge
from hausportal.portal.models import Property
from hausportal.portal.properties.service import get_property

_CHUNK = 64 * 1024
# Known by their first bytes, not by what the browser claims.
_SIGNATURES: tuple[tuple[bytes, int, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", 0, "image/png"),
    (b"\xff\xd8\xff", 0, "image/jpeg"),
    (b"WEBP", 8, "image/webp"),
)
_NO_IMAGE = NotFound("property_image_not_found", "Für diese Liegenschaft gibt es kein Bild.")


def image_key(prop: Property) -> str:
    # Always the same key: a new picture replaces the old one in one step, and a failed
    # upload leaves the old one in place (the storage's put keeps it).
    return f"{prop.account_id}/portal/properties/{prop.id}/image"


def _image_type(head: bytes) -> str | None:
    for signature, offset, content_type in _SIGNATURES:
        if head[offset : offset + len(signature)] == signature:
            return content_type
    return None


async def set_image(
    session: AsyncSession,
    *,
    storage: ObjectStorage,
    account_id: uuid.UUID,
    property_id: uuid.UUID,
    upload: UploadFile,
    max_bytes: int,
) -> Property:
    prop = await get_property(session, account_id=account_id, property_id=property_id)
    head = await upload.read(16)
    if not head:
        raise Invalid("property_image_empty", "Die Bilddatei ist leer.")
    content_type = _image_type(head)
    if content_type is None:
        raise UserError(
            "property_image_unsupported",
            "Bitte laden Sie ein Bild im Format JPEG, PNG oder WebP hoch.",
            status_code=415,
        )

    async def content() -> AsyncIterator[bytes]:
        yield head
        while chunk := await upload.read(_CHUNK):
            yield chunk

    try:
        await storage.put(image_key(prop), content(), content_type=content_type, max_size=max_bytes)
    except ObjectTooLarge:
        megabytes = max_bytes / (1024 * 1024)
        raise TooLarge(
            "property_image_too_large",
            f"Das Bild ist zu groß: höchstens {megabytes:g} MB.",
        ) from None
    prop.image_key = image_key(prop)
    await session.flush()
    return prop


async def open_image(
    session: AsyncSession,
    *,
    storage: ObjectStorage,
    account_id: uuid.UUID,
    property_id: uuid.UUID,
) -> tuple[ObjectInfo, AsyncIterator[bytes]]:
    prop = await get_property(session, account_id=account_id, property_id=property_id)
    if prop.image_key is None:
        raise _NO_IMAGE
    info = await storage.stat(prop.image_key)
    return info, storage.get(prop.image_key)


async def remove_image(
    session: AsyncSession,
    *,
    storage: ObjectStorage,
    account_id: uuid.UUID,
    property_id: uuid.UUID,
) -> None:
    prop = await get_property(session, account_id=account_id, property_id=property_id)
    if prop.image_key is not None:
        await storage.delete(prop.image_key)
        prop.image_key = None
        await session.flush()
