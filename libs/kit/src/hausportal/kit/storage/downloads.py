"""The endpoint behind presigned URLs of local-disk storage (S3 serves its own)."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Query, status
from fastapi.responses import StreamingResponse

from hausportal.kit.storage.local import DownloadGrant, LocalObjectStorage
from hausportal.kit.storage.port import InvalidObjectKey, ObjectNotFound, content_disposition

# Presigned URLs are handed out for one download; intermediaries must not keep a copy.
_NO_STORE = "private, no-store"


def local_download_router(storage: LocalObjectStorage) -> APIRouter:
    """``GET /objects/{key}``; mount it under the path of ``storage.url_prefix``."""
    router = APIRouter(tags=["storage"], include_in_schema=False)

    @router.get("/objects/{key:path}")
    async def download(
        key: str,
        expires: str | None = Query(default=None),
        signature: str | None = Query(default=None),
        filename: str | None = Query(default=None),
    ) -> StreamingResponse:
        # A mangled link is as forbidden as a forged one: 403, not a validation error.
        if expires is None or not expires.isdigit() or signature is None:
            raise HTTPException(status.HTTP_403_FORBIDDEN, "invalid or expired link")
        grant = DownloadGrant(key=key, expires=int(expires), filename=filename)
        if not storage.verify(grant, signature):
            raise HTTPException(status.HTTP_403_FORBIDDEN, "invalid or expired link")
        try:
            info, chunks = await storage.open(key)
        except (ObjectNotFound, InvalidObjectKey):
            raise HTTPException(status.HTTP_404_NOT_FOUND, "object not found") from None
        headers = {"Content-Length": str(info.size), "Cache-Control": _NO_STORE}
        if filename:
            headers["Content-Disposition"] = content_disposition(filename)
        return StreamingResponse(chunks, media_type=info.content_type, headers=headers)

    return router
