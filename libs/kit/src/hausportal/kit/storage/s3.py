"""Object storage on any S3 server (MinIO, SeaweedFS, AWS) through the sync minio client."""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextvars
import functools
import hashlib
import io
import itertools
import threading
from collections.abc import AsyncIterable, AsyncIterator, Callable, Iterator, Mapping
from datetime import timedelta
from typing import Any, TypeVar
from urllib.parse import urlsplit

from minio import Minio
from minio.error import S3Error

from hausportal.kit.storage.port import (
    ObjectInfo,
    ObjectNotFound,
    ObjectSummary,
    ObjectTooLarge,
    StorageAccessDenied,
    StoredObject,
    check_key,
    check_metadata,
    check_prefix,
    content_disposition,
)

T = TypeVar("T")

# minio's minimum; it buffers one part (plus a copy) in memory, so this bounds a put's memory.
DEFAULT_PART_SIZE = 5 * 1024 * 1024
_LIST_BATCH = 1000  # one ListObjectsV2 page per thread hop
_NOT_FOUND = frozenset({"NoSuchKey", "NoSuchObject", "NotFound", "ResourceNotFound"})
_DENIED = frozenset({"AccessDenied", "InvalidAccessKeyId", "SignatureDoesNotMatch", "InvalidToken"})
_USER_META = "x-amz-meta-"


# Threads of the S3 adapter's own pool. A streamed put holds one of them while it waits for
# the caller's next chunk; if those threads were the loop's default executor, a caller that
# reads its chunks with ``asyncio.to_thread`` (a local file, say) could wait for a thread
# that every concurrent put is holding: a deadlock seen with 8 concurrent puts on 2 cores.
S3_THREADS = 32


class S3ObjectStorage:
    """One bucket on one S3 endpoint; every blocking minio call runs in a thread of the
    adapter's own pool (never the loop's default executor, see ``S3_THREADS``)."""

    def __init__(
        self,
        *,
        endpoint: str,
        bucket: str,
        access_key: str | None,
        secret_key: str | None,
        region: str = "us-east-1",
        secure: bool = False,
        public_url: str | None = None,
        part_size: int = DEFAULT_PART_SIZE,
    ) -> None:
        """``public_url`` (e.g. ``https://files.example.com``): where browsers reach the S3
        server, if not at ``endpoint``; presigned URLs are signed for that host."""
        self.endpoint = endpoint
        self.bucket = bucket
        self.part_size = part_size
        self._region = region
        self._threads = concurrent.futures.ThreadPoolExecutor(
            max_workers=S3_THREADS, thread_name_prefix="s3"
        )
        # A fixed region keeps minio from asking the server for the bucket location first.
        self._client = Minio(
            endpoint, access_key=access_key, secret_key=secret_key, secure=secure, region=region
        )
        self._signer = self._client
        if public_url:
            public = urlsplit(public_url)
            # Only signs, never connects: presigning needs no request when the region is set.
            self._signer = Minio(
                public.netloc,
                access_key=access_key,
                secret_key=secret_key,
                secure=public.scheme == "https",
                region=region,
            )

    async def ensure_ready(self) -> None:
        if await self._call(self._client.bucket_exists, self.bucket):
            return
        try:
            await self._call(self._client.make_bucket, self.bucket, self._region)
        except S3Error as error:
            # Another instance of the service created it in the meantime.
            if error.code not in ("BucketAlreadyOwnedByYou", "BucketAlreadyExists"):
                raise

    async def ready(self) -> bool:
        return bool(await self._call(self._client.bucket_exists, self.bucket))

    async def put(
        self,
        key: str,
        data: bytes | AsyncIterable[bytes],
        *,
        content_type: str = "application/octet-stream",
        metadata: Mapping[str, str] | None = None,
        max_size: int | None = None,
    ) -> StoredObject:
        check_key(key)
        headers = {_USER_META + name: value for name, value in check_metadata(metadata).items()}
        if isinstance(data, bytes | bytearray | memoryview):
            data = bytes(data)
            if max_size is not None and len(data) > max_size:
                raise ObjectTooLarge(max_size)
            return await self._call(self._put_bytes, key, data, content_type, headers)
        reader = _AsyncChunkReader(data, asyncio.get_running_loop(), max_size)
        upload = asyncio.ensure_future(
            self._call(
                self._client.put_object,
                self.bucket,
                key,
                reader,
                -1,
                content_type=content_type,
                metadata=headers,
                part_size=self.part_size,
                # minio's parallel part uploads leave their pool threads waiting forever when
                # a put fails; one part at a time also keeps memory at one part.
                num_parallel_uploads=1,
            )
        )
        try:
            await asyncio.shield(upload)
        except asyncio.CancelledError:
            # The thread would go on uploading; make its next read fail so that minio aborts
            # the multipart upload, and wait for that so nothing is left behind.
            reader.abort()
            await asyncio.wait([upload])
            raise
        return StoredObject(key=key, size=reader.size, sha256=reader.sha256.hexdigest())

    def _put_bytes(
        self, key: str, data: bytes, content_type: str, headers: dict[str, str]
    ) -> StoredObject:
        self._client.put_object(
            self.bucket,
            key,
            io.BytesIO(data),
            len(data),
            content_type=content_type,
            metadata=headers,  # type: ignore[arg-type]  # minio's alias is invariant
        )
        return StoredObject(key=key, size=len(data), sha256=hashlib.sha256(data).hexdigest())

    async def get(self, key: str, *, chunk_size: int = 1 << 20) -> AsyncIterator[bytes]:
        check_key(key)
        response = await self._call(self._client.get_object, self.bucket, key)
        try:
            while chunk := await self._in_thread(response.read, chunk_size):
                yield chunk
        finally:
            # Back to the pool only when fully read; a half-read connection must be dropped.
            response.close()
            response.release_conn()

    async def stat(self, key: str) -> ObjectInfo:
        check_key(key)
        found = await self._call(self._client.stat_object, self.bucket, key)
        metadata = {
            name.lower().removeprefix(_USER_META): value
            for name, value in (found.metadata or {}).items()
            if name.lower().startswith(_USER_META)
        }
        return ObjectInfo(
            key=key,
            size=found.size or 0,
            content_type=found.content_type or "application/octet-stream",
            last_modified=found.last_modified,  # type: ignore[arg-type]  # always sent on HEAD
            metadata=metadata,
        )

    async def delete(self, key: str) -> None:
        check_key(key)
        # S3 answers 204 for a missing key too.
        await self._call(self._client.remove_object, self.bucket, key)

    async def list(self, prefix: str) -> AsyncIterator[ObjectSummary]:
        check_prefix(prefix)
        listing = self._client.list_objects(self.bucket, prefix=prefix or None, recursive=True)
        while batch := await self._call(_take, listing, _LIST_BATCH):
            for found in batch:
                yield ObjectSummary(
                    key=found.object_name,  # type: ignore[arg-type]
                    size=found.size or 0,
                    last_modified=found.last_modified,  # type: ignore[arg-type]
                )

    async def presigned_get_url(
        self, key: str, *, expires: timedelta, filename: str | None = None
    ) -> str:
        check_key(key)
        response_headers = (
            {"response-content-disposition": content_disposition(filename)} if filename else None
        )
        # Signing is local (the region is fixed), but keep the rule: no minio call on the loop.
        return await self._call(
            self._signer.presigned_get_object,
            self.bucket,
            key,
            expires,
            response_headers,
        )

    async def _in_thread(self, function: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        loop = asyncio.get_running_loop()
        context = contextvars.copy_context()  # as asyncio.to_thread does (trace context)
        call = functools.partial(context.run, function, *args, **kwargs)
        return await loop.run_in_executor(self._threads, call)

    async def _call(self, function: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        try:
            return await self._in_thread(function, *args, **kwargs)
        except S3Error as error:
            raise self._translate(error) from error

    def _translate(self, error: S3Error) -> Exception:
        if error.code in _NOT_FOUND:
            return ObjectNotFound(f"no object {error.object_name!r} in bucket {self.bucket!r}")
        if error.code in _DENIED:
            return StorageAccessDenied(
                f"S3 at {self.endpoint} refused access to bucket {self.bucket!r} ({error.code}):"
                " check the access key, secret key and the bucket policy"
            )
        return error


def _take(iterator: Iterator[T], count: int) -> list[T]:
    return list(itertools.islice(iterator, count))


class _UploadAborted(Exception):
    """The put was cancelled while minio was reading; an Exception so that minio aborts."""


class _AsyncChunkReader(io.RawIOBase):
    """A blocking ``read(n)`` over an async iterator, for minio running in a worker thread.

    Each read asks the event loop for the next chunks, so nothing is read ahead of what minio
    is about to send: memory stays at about one part. Size and hash are counted on the way.
    """

    def __init__(
        self,
        chunks: AsyncIterable[bytes],
        loop: asyncio.AbstractEventLoop,
        max_size: int | None,
    ) -> None:
        super().__init__()
        self._chunks = aiter(chunks)
        self._loop = loop
        self._max_size = max_size
        self._buffer = bytearray()
        self._exhausted = False
        self._lock = threading.Lock()
        self._aborted = False
        self._pending: concurrent.futures.Future[bytes | None] | None = None
        self.size = 0
        self.sha256 = hashlib.sha256()

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        while (size < 0 or len(self._buffer) < size) and not self._exhausted:
            chunk = self._next_chunk()
            if chunk is None:
                self._exhausted = True
                break
            self.size += len(chunk)
            if self._max_size is not None and self.size > self._max_size:
                raise ObjectTooLarge(self._max_size)
            self.sha256.update(chunk)
            self._buffer += chunk
        end = len(self._buffer) if size < 0 else size
        with memoryview(self._buffer) as view:
            part = bytes(view[:end])  # one copy; a bytearray slice would make two
        del self._buffer[:end]
        return part

    def abort(self) -> None:
        """Called on the loop: make the thread's current or next read fail."""
        with self._lock:
            self._aborted = True
            pending = self._pending
        if pending is not None:
            # Still pending until the loop finishes the step, so this cancel always lands.
            pending.cancel()

    def _next_chunk(self) -> bytes | None:
        # The lock closes the gap between checking for an abort and publishing the future
        # that abort() must cancel; without it the thread could wait forever on a stalled
        # client after the put was cancelled.
        with self._lock:
            if self._aborted:
                raise _UploadAborted
            pending = asyncio.run_coroutine_threadsafe(_next_or_none(self._chunks), self._loop)
            self._pending = pending
        try:
            return pending.result()
        except concurrent.futures.CancelledError:
            raise _UploadAborted from None
        finally:
            with self._lock:
                self._pending = None


async def _next_or_none(chunks: AsyncIterator[bytes]) -> bytes | None:
    try:
        return bytes(await anext(chunks))
    except StopAsyncIteration:
        return None
