"""The object storage port: streamed put/get, stat, delete, list, presigned download links."""

from __future__ import annotations

from collections.abc import AsyncIterable, AsyncIterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Protocol


class ObjectNotFound(LookupError):
    """No object under that key."""


@dataclass(frozen=True)
class StoredObject:
    key: str
    size: int
    sha256: str  # hex digest of the content, computed while streaming


@dataclass(frozen=True)
class ObjectInfo:
    key: str
    size: int
    content_type: str
    last_modified: datetime
    metadata: Mapping[str, str] = field(default_factory=dict)


class ObjectStorage(Protocol):
    """Keys always start with the account id: ``<account_id>/<service>/...``."""

    async def ensure_ready(self) -> None:
        """Create the bucket/folder if missing (idempotent)."""

    async def ready(self) -> bool: ...

    async def put(
        self,
        key: str,
        data: bytes | AsyncIterable[bytes],
        *,
        content_type: str = "application/octet-stream",
        metadata: Mapping[str, str] | None = None,
        max_size: int | None = None,
    ) -> StoredObject:
        """Stream ``data`` into the object; raise ``ObjectTooLarge`` past ``max_size`` bytes
        and leave nothing behind."""
        ...

    def get(self, key: str, *, chunk_size: int = 1 << 20) -> AsyncIterator[bytes]:
        """Stream the object's content; raise ``ObjectNotFound`` on the first iteration."""
        ...

    async def stat(self, key: str) -> ObjectInfo: ...

    async def delete(self, key: str) -> None:
        """Idempotent: deleting a missing key is fine."""

    def list(self, prefix: str) -> AsyncIterator[ObjectInfo]: ...

    async def presigned_get_url(
        self, key: str, *, expires: timedelta, filename: str | None = None
    ) -> str:
        """A URL anyone holding it can download from until it expires."""
        ...


class ObjectTooLarge(ValueError):
    def __init__(self, limit: int) -> None:
        super().__init__(f"object exceeds the limit of {limit} bytes")
        self.limit = limit
