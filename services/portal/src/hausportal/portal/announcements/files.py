"""Attachments of messages and appointments in the object storage: safe names, size limit,
nothing left behind when one file of several fails."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from starlette.datastructures import UploadFile

from hausportal.kit.storage.port import ObjectStorage
from hausportal.kit.uploads import StoredUpload, safe_file_name, store_uploads

FALLBACK_NAME = "Anhang"


def object_key(
    *, account_id: uuid.UUID, announcement_id: uuid.UUID, attachment_id: uuid.UUID
) -> str:
    return f"{account_id}/portal/announcements/{announcement_id}/{attachment_id}"


def file_name_of(raw: str | None) -> str:
    return safe_file_name(raw, fallback=FALLBACK_NAME)


async def store(
    storage: ObjectStorage,
    *,
    account_id: uuid.UUID,
    announcement_id: uuid.UUID,
    uploads: Sequence[UploadFile],
    max_bytes: int,
) -> list[StoredUpload]:
    """Every upload under a new attachment id (``StoredUpload.id``); if one fails, none stays."""
    return await store_uploads(
        storage,
        uploads,
        key_of=lambda attachment_id: object_key(
            account_id=account_id, announcement_id=announcement_id, attachment_id=attachment_id
        ),
        max_bytes=max_bytes,
        fallback_name=FALLBACK_NAME,
    )
