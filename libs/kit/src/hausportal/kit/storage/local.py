"""Object storage on the local disk, for development and the one-process mode."""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import hmac
import json
import os
import tempfile
import time
from collections.abc import AsyncIterable, AsyncIterator, Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import IO, TYPE_CHECKING
from urllib.parse import quote, urlencode

from hausportal.kit.storage.port import (
    InvalidObjectKey,
    ObjectInfo,
    ObjectNotFound,
    ObjectSummary,
    ObjectTooLarge,
    StoredObject,
    check_key,
    check_metadata,
    check_prefix,
)

if TYPE_CHECKING:
    from fastapi import APIRouter

_WRITE_BUFFER = 1 << 20  # one thread hop per MiB written, not per incoming chunk
_STALE_TEMP_SECONDS = 24 * 3600
# Domain separation: the download signature can never be mistaken for a JWT made from the secret.
_SIGNING_CONTEXT = b"hausportal.kit.storage.local-download.v1"


@dataclass(frozen=True)
class DownloadGrant:
    """The parts of a presigned local URL that the signature covers."""

    key: str
    expires: int  # unix seconds
    filename: str | None


class LocalObjectStorage:
    """Content under ``root/content/<key>``, a JSON sidecar under ``root/meta/<key>``.

    The sidecar tree mirrors the content tree exactly, so a key that fits one fits the other.
    Writes go to ``root/.tmp`` and are renamed into place: a key shows either the old or the
    new content, never a half-written file.
    """

    def __init__(
        self,
        *,
        root: Path,
        url_prefix: str,
        signing_secret: str,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.root = root.resolve()
        # External URL under which the download router is mounted, e.g.
        # "http://127.0.0.1:8000/api/documents".
        self.url_prefix = url_prefix.rstrip("/")
        self.clock = clock
        self._signing_key = hmac.new(
            signing_secret.encode(), _SIGNING_CONTEXT, hashlib.sha256
        ).digest()
        self._content = self.root / "content"
        self._meta = self.root / "meta"
        self._tmp = self.root / ".tmp"

    def download_router(self) -> APIRouter:
        """The router serving this storage's presigned URLs; mount it under ``url_prefix``."""
        from hausportal.kit.storage.downloads import local_download_router

        return local_download_router(self)

    async def ensure_ready(self) -> None:
        await asyncio.to_thread(self._prepare_folders)

    def _prepare_folders(self) -> None:
        for folder in (self._content, self._meta, self._tmp):
            folder.mkdir(parents=True, exist_ok=True)
        # Leftovers of a crash mid-write; old ones only, another process may be writing now.
        for leftover in self._tmp.iterdir():
            with contextlib.suppress(OSError):
                if time.time() - leftover.stat().st_mtime > _STALE_TEMP_SECONDS:
                    leftover.unlink()

    async def ready(self) -> bool:
        return await asyncio.to_thread(self._content.is_dir)

    async def put(
        self,
        key: str,
        data: bytes | AsyncIterable[bytes],
        *,
        content_type: str = "application/octet-stream",
        metadata: Mapping[str, str] | None = None,
        max_size: int | None = None,
    ) -> StoredObject:
        content_path, meta_path = self._paths(key)
        sidecar = {"content_type": content_type, "metadata": check_metadata(metadata)}
        if (
            isinstance(data, bytes | bytearray | memoryview)
            and max_size is not None
            and len(data) > max_size
        ):
            raise ObjectTooLarge(max_size)
        pending = await asyncio.to_thread(_PendingWrite, self._tmp)
        try:
            await self._write(pending, data, max_size)
            await asyncio.to_thread(pending.commit, content_path, meta_path, sidecar)
        except BaseException:
            await asyncio.to_thread(pending.discard)
            raise
        return StoredObject(key=key, size=pending.size, sha256=pending.digest.hexdigest())

    async def _write(
        self, pending: _PendingWrite, data: bytes | AsyncIterable[bytes], max_size: int | None
    ) -> None:
        if isinstance(data, bytes | bytearray | memoryview):
            await asyncio.to_thread(pending.write, bytes(data))
            return
        buffer = bytearray()
        async for chunk in data:
            if max_size is not None and pending.size + len(buffer) + len(chunk) > max_size:
                raise ObjectTooLarge(max_size)
            buffer += chunk
            if len(buffer) >= _WRITE_BUFFER:
                await asyncio.to_thread(pending.write, bytes(buffer))
                buffer.clear()
        await asyncio.to_thread(pending.write, bytes(buffer))

    async def get(self, key: str, *, chunk_size: int = 1 << 20) -> AsyncIterator[bytes]:
        _, chunks = await self.open(key, chunk_size=chunk_size)
        async with contextlib.aclosing(chunks):
            async for chunk in chunks:
                yield chunk

    async def open(
        self, key: str, *, chunk_size: int = 1 << 20
    ) -> tuple[ObjectInfo, AsyncIterator[bytes]]:
        """Info and content of one and the same version, even if the key is replaced meanwhile."""
        content_path, meta_path = self._paths(key)
        file, info = await asyncio.to_thread(self._open, key, content_path, meta_path)
        return info, _read_chunks(file, chunk_size)

    def _open(self, key: str, content_path: Path, meta_path: Path) -> tuple[IO[bytes], ObjectInfo]:
        try:
            file = content_path.open("rb")
        except (FileNotFoundError, NotADirectoryError, IsADirectoryError):
            raise ObjectNotFound(key) from None
        try:
            return file, self._info(key, os.fstat(file.fileno()), meta_path)
        except BaseException:
            file.close()
            raise

    async def stat(self, key: str) -> ObjectInfo:
        content_path, meta_path = self._paths(key)
        return await asyncio.to_thread(self._stat, key, content_path, meta_path)

    def _stat(self, key: str, content_path: Path, meta_path: Path) -> ObjectInfo:
        try:
            found = content_path.stat()
        except (FileNotFoundError, NotADirectoryError):
            raise ObjectNotFound(key) from None
        if not content_path.is_file():
            raise ObjectNotFound(key)
        return self._info(key, found, meta_path)

    def _info(self, key: str, found: os.stat_result, meta_path: Path) -> ObjectInfo:
        try:
            sidecar = json.loads(meta_path.read_text())
        except (FileNotFoundError, NotADirectoryError, ValueError):
            sidecar = {}
        return ObjectInfo(
            key=key,
            size=found.st_size,
            content_type=sidecar.get("content_type", "application/octet-stream"),
            last_modified=datetime.fromtimestamp(found.st_mtime, UTC),
            metadata=sidecar.get("metadata", {}),
        )

    async def delete(self, key: str) -> None:
        content_path, meta_path = self._paths(key)
        await asyncio.to_thread(_remove_quietly, content_path, meta_path)

    async def list(self, prefix: str) -> AsyncIterator[ObjectSummary]:
        check_prefix(prefix)
        for summary in await asyncio.to_thread(self._list, prefix):
            yield summary

    def _list(self, prefix: str) -> list[ObjectSummary]:
        # Walk only the deepest folder the prefix names completely, not the whole tree.
        folder = self._content.joinpath(*prefix.split("/")[:-1])
        found: list[ObjectSummary] = []
        for directory, _, files in os.walk(folder):
            for name in files:
                path = Path(directory, name)
                key = path.relative_to(self._content).as_posix()
                if not key.startswith(prefix):
                    continue
                with contextlib.suppress(FileNotFoundError):  # deleted while listing
                    stat = path.stat()
                    found.append(
                        ObjectSummary(
                            key=key,
                            size=stat.st_size,
                            last_modified=datetime.fromtimestamp(stat.st_mtime, UTC),
                        )
                    )
        # S3 lists in UTF-8 byte order.
        return sorted(found, key=lambda summary: summary.key.encode())

    async def presigned_get_url(
        self, key: str, *, expires: timedelta, filename: str | None = None
    ) -> str:
        check_key(key)
        grant = DownloadGrant(
            key=key, expires=int(self.clock() + expires.total_seconds()), filename=filename
        )
        query = {"expires": str(grant.expires)}
        if filename is not None:
            query["filename"] = filename
        query["signature"] = self._signature(grant)
        return f"{self.url_prefix}/objects/{quote(key, safe='/')}?{urlencode(query)}"

    def verify(self, grant: DownloadGrant, signature: str) -> bool:
        """Whether ``signature`` is ours for exactly this grant and the grant has not expired."""
        valid = hmac.compare_digest(self._signature(grant).encode(), signature.encode())
        return valid and self.clock() < grant.expires

    def _signature(self, grant: DownloadGrant) -> str:
        # Length-prefixed fields: no two different grants give the same message.
        fields = (
            grant.key,
            str(grant.expires),
            grant.filename or "",
            "1" if grant.filename else "0",
        )
        message = "".join(f"{len(field)}:{field}" for field in fields).encode()
        return hmac.new(self._signing_key, message, hashlib.sha256).hexdigest()

    def _paths(self, key: str) -> tuple[Path, Path]:
        check_key(key)
        content_path = self._content.joinpath(*key.split("/"))
        # check_key already forbids '..' and '/...'; a second, purely lexical guard.
        if not os.path.normpath(content_path).startswith(f"{self._content}{os.sep}"):
            raise InvalidObjectKey(f"object key escapes the storage root: {key!r}")
        return content_path, self._meta.joinpath(*key.split("/"))


def _remove_quietly(*paths: Path) -> None:
    for path in paths:
        with contextlib.suppress(FileNotFoundError, NotADirectoryError, IsADirectoryError):
            path.unlink()


async def _read_chunks(file: IO[bytes], chunk_size: int) -> AsyncIterator[bytes]:
    try:
        while chunk := await asyncio.to_thread(file.read, chunk_size):
            yield chunk
    finally:
        file.close()


class _PendingWrite:
    """A temp file that becomes the object on ``commit`` or disappears on ``discard``."""

    def __init__(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.file = tempfile.NamedTemporaryFile(dir=folder, prefix="put-", delete=False)  # noqa: SIM115
        self.path = Path(self.file.name)
        self.meta_path = self.path.with_name(self.path.name + ".json")
        self.digest = hashlib.sha256()
        self.size = 0

    def write(self, chunk: bytes) -> None:
        self.file.write(chunk)
        self.digest.update(chunk)
        self.size += len(chunk)

    def commit(self, content_path: Path, meta_path: Path, sidecar: dict[str, object]) -> None:
        self.file.flush()
        # On disk before the rename, or a power cut could leave an empty file under the key.
        os.fsync(self.file.fileno())
        self.file.close()
        self.meta_path.write_text(json.dumps(sidecar))
        try:
            content_path.parent.mkdir(parents=True, exist_ok=True)
            meta_path.parent.mkdir(parents=True, exist_ok=True)
            # Content first: a crash in between leaves the new content with the old (or no)
            # sidecar, which stat reads as defaults; never a sidecar without its content.
            os.replace(self.path, content_path)
            os.replace(self.meta_path, meta_path)
        except (FileExistsError, IsADirectoryError, NotADirectoryError) as error:
            raise InvalidObjectKey(
                f"on local disk a key cannot also be the folder of other keys: {content_path}"
            ) from error

    def discard(self) -> None:
        self.file.close()
        self.path.unlink(missing_ok=True)
        self.meta_path.unlink(missing_ok=True)
