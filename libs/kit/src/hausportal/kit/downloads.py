"""Objects as HTTP downloads, and objects to and from local files (for work on big PDFs)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Mapping
from pathlib import Path

from fastapi.responses import StreamingResponse

from hausportal.kit.storage.port import (
    ObjectNotFound,
    ObjectStorage,
    StoredObject,
    content_disposition,
)

CHUNK_BYTES = 1 << 20


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


async def download_response(
    storage: ObjectStorage, key: str, *, file_name: str, content_type: str, size: int
) -> StreamingResponse | None:
    """The object as a download under ``file_name``, or None if it is gone."""
    content = await open_content(storage, key)
    if content is None:
        return None
    return StreamingResponse(
        content,
        media_type=content_type,
        headers={
            "Content-Disposition": content_disposition(file_name),
            "Content-Length": str(size),
            # Never rendered as anything but what it says (an uploaded HTML page, say).
            "X-Content-Type-Options": "nosniff",
        },
    )


async def save_to_file(storage: ObjectStorage, key: str, path: Path) -> int:
    """Stream the object into ``path`` (created or replaced); its size. Never held in memory
    whole. Raises ``ObjectNotFound``."""
    size = 0
    with path.open("wb") as file:
        async for chunk in storage.get(key, chunk_size=CHUNK_BYTES):
            await asyncio.to_thread(file.write, chunk)
            size += len(chunk)
    return size


async def put_file(
    storage: ObjectStorage,
    key: str,
    path: Path,
    *,
    content_type: str,
    metadata: Mapping[str, str] | None = None,
) -> StoredObject:
    """Stream the local file ``path`` into the object ``key``."""

    async def chunks() -> AsyncIterator[bytes]:
        with path.open("rb") as file:
            while chunk := await asyncio.to_thread(file.read, CHUNK_BYTES):
                yield chunk

    return await storage.put(key, chunks(), content_type=content_type, metadata=metadata)
