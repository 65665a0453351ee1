"""An attachment's bytes as a download."""

from __future__ import annotations

from collections.abc import AsyncIterator

from fastapi.responses import StreamingResponse

from hausportal.kit.errors import NotFound
from hausportal.kit.storage.port import ObjectNotFound, ObjectStorage, content_disposition
from hausportal.portal.models import AnnouncementAttachment

ATTACHMENT_NOT_FOUND = NotFound("attachment_not_found", "Der Anhang wurde nicht gefunden.")


async def attachment_response(
    storage: ObjectStorage, attachment: AnnouncementAttachment
) -> StreamingResponse:
    chunks = storage.get(attachment.object_key)
    try:
        # Started here, so a missing object is a 404 and not a broken response.
        first = await anext(chunks)
    except ObjectNotFound:
        raise ATTACHMENT_NOT_FOUND from None
    except StopAsyncIteration:
        first = b""

    async def content() -> AsyncIterator[bytes]:
        yield first
        async for chunk in chunks:
            yield chunk

    return StreamingResponse(
        content(),
        media_type=attachment.content_type,
        headers={
            "Content-Disposition": content_disposition(attachment.file_name),
            "Content-Length": str(attachment.size),
            "X-Content-Type-Options": "nosniff",
        },
    )
