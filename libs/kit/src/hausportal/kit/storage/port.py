"""The object storage port: streamed put/get, stat, delete, list, presigned download links."""

from __future__ import annotations

import re
from collections.abc import AsyncIterable, AsyncIterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Protocol
from urllib.parse import quote

# S3 allows 1024 bytes; the local adapter must accept exactly the keys S3 accepts and vice versa.
MAX_KEY_BYTES = 1024
# User metadata travels as HTTP headers on S3: header-token names, printable ASCII values.
_METADATA_NAME = re.compile(r"^[a-z0-9][a-z0-9-]*$")


class StorageError(Exception):
    """The object storage failed in a way the caller cannot fix by changing its input."""


class StorageAccessDenied(StorageError):
    """The storage rejected our credentials or permissions (wrong access/secret key)."""


class ObjectNotFound(StorageError, LookupError):
    """No object under that key."""


class ObjectTooLarge(ValueError):
    def __init__(self, limit: int) -> None:
        super().__init__(f"object exceeds the limit of {limit} bytes")
        self.limit = limit


class InvalidObjectKey(ValueError):
    """A key that could escape the storage root or that S3 would treat differently."""


@dataclass(frozen=True)
class StoredObject:
    key: str
    size: int
    sha256: str  # hex digest of the content, computed while streaming


@dataclass(frozen=True)
class ObjectSummary:
    """What a listing tells about an object without asking for each one."""

    key: str
    size: int
    last_modified: datetime


@dataclass(frozen=True)
class ObjectInfo:
    key: str
    size: int
    content_type: str
    last_modified: datetime
    metadata: Mapping[str, str] = field(default_factory=dict)


class ObjectStorage(Protocol):
    """Keys always start with the account id: ``<account_id>/<service>/...``.

    Keys are ``/``-separated segments, never empty, ``.`` or ``..``, no leading ``/``, no
    backslash or control characters (see ``check_key``); both adapters reject anything else
    with ``InvalidObjectKey``. Metadata names are case-insensitive and come back lower-case;
    values must be printable ASCII (they are HTTP headers on S3).
    """

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
        and leave nothing behind. A failed or cancelled put keeps the previous object."""
        ...

    def get(self, key: str, *, chunk_size: int = 1 << 20) -> AsyncIterator[bytes]:
        """Stream the object's content; raise ``ObjectNotFound`` on the first iteration."""
        ...

    async def stat(self, key: str) -> ObjectInfo: ...

    async def delete(self, key: str) -> None:
        """Idempotent: deleting a missing key is fine."""

    def list(self, prefix: str) -> AsyncIterator[ObjectSummary]:
        """Every object whose key starts with ``prefix``, in key order.

        Content type and metadata are not part of a listing (S3 does not return them);
        ``stat`` the objects that need them.
        """
        ...

    async def presigned_get_url(
        self, key: str, *, expires: timedelta, filename: str | None = None
    ) -> str:
        """A URL anyone holding it can download from until it expires; with ``filename`` the
        download is offered as an attachment under that name."""
        ...


def check_key(key: str) -> str:
    """Return ``key`` if it is a valid object key, else raise ``InvalidObjectKey``."""
    if not key or len(key.encode()) > MAX_KEY_BYTES:
        raise InvalidObjectKey(f"object key must be 1..{MAX_KEY_BYTES} bytes: {key!r}")
    _check_segments(key, key.split("/"))
    return key


def check_prefix(prefix: str) -> str:
    """Like ``check_key`` but empty and a trailing ``/`` are fine: a listing prefix."""
    if prefix:
        segments = prefix.split("/")
        _check_segments(prefix, segments[:-1] if segments[-1] == "" else segments)
    return prefix


def check_metadata(metadata: Mapping[str, str] | None) -> dict[str, str]:
    """Lower-cased metadata, or ``ValueError`` for what S3 cannot carry in a header."""
    checked: dict[str, str] = {}
    for name, value in (metadata or {}).items():
        lowered = name.lower()
        if not _METADATA_NAME.match(lowered):
            raise ValueError(f"metadata name must be letters, digits and '-': {name!r}")
        if not (value.isascii() and value.isprintable()):
            raise ValueError(f"metadata value of {name!r} must be printable ASCII")
        checked[lowered] = value
    return checked


def content_disposition(filename: str) -> str:
    """``attachment`` with an ASCII fallback name and the exact name per RFC 6266/5987."""
    fallback = "".join(
        char if char.isascii() and char.isprintable() and char not in '"\\' else "_"
        for char in filename
    )
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename, safe='')}"


def _check_segments(key: str, segments: list[str]) -> None:
    for segment in segments:
        if segment in ("", ".", ".."):
            raise InvalidObjectKey(f"object key has an empty, '.' or '..' segment: {key!r}")
    if "\\" in key or any(ord(char) < 0x20 or ord(char) == 0x7F for char in key):
        raise InvalidObjectKey(f"object key has a backslash or control character: {key!r}")
