"""The object storage contract, the same cases against local disk and a real S3 server."""

from __future__ import annotations

import asyncio
import hashlib
import os
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI

from hausportal.kit.settings import ServiceSettings
from hausportal.kit.storage.factory import create_storage
from hausportal.kit.storage.local import LocalObjectStorage
from hausportal.kit.storage.port import (
    InvalidObjectKey,
    ObjectNotFound,
    ObjectStorage,
    ObjectTooLarge,
    StorageAccessDenied,
)
from hausportal.kit.storage.s3 import S3ObjectStorage
from hausportal.kit.testing import s3_server

MiB = 1024 * 1024
BIG = os.urandom(12 * MiB)  # more than two 5 MiB parts: a real multipart upload on S3
SERVICE_PREFIX = "/api/documents"
TEST_BUCKET = "hausportal-contract-tests"


@dataclass
class Backend:
    storage: ObjectStorage
    prefix: str  # every key of a test starts with it, so tests never see each other's objects
    http: httpx.AsyncClient  # fetches presigned URLs the way a browser would
    let_time_pass: Callable[[float], Awaitable[None]]
    # What a failed put could leave behind: temp files, incomplete multipart uploads.
    leftovers: Callable[[], Awaitable[list[str]]]

    def key(self, name: str) -> str:
        return f"{self.prefix}/{name}"


class FakeClock:
    def __init__(self) -> None:
        self.now = 1_700_000_000.0

    def __call__(self) -> float:
        return self.now

    async def advance(self, seconds: float) -> None:
        self.now += seconds


def local_storage(root: Path, clock: Callable[[], float]) -> LocalObjectStorage:
    return LocalObjectStorage(
        root=root,
        url_prefix=f"http://hausportal.test{SERVICE_PREFIX}",
        signing_secret="contract-tests-signing-secret-0123456789",
        clock=clock,
    )


@pytest.fixture(params=["local", pytest.param("s3", marks=pytest.mark.s3)])
async def backend(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Backend]:
    prefix = f"acc-{uuid.uuid4().hex[:12]}/contract"
    if request.param == "local":
        clock = FakeClock()
        storage = local_storage(tmp_path / "objects", clock)
        app = FastAPI()
        app.include_router(storage.download_router(), prefix=SERVICE_PREFIX)
        await storage.ensure_ready()

        async def temp_files() -> list[str]:
            return await asyncio.to_thread(file_names, storage.root / ".tmp")

        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app)) as http:
            yield Backend(storage, prefix, http, clock.advance, temp_files)
        return
    server = s3_server()
    s3 = S3ObjectStorage(
        endpoint=server.endpoint,
        bucket=TEST_BUCKET,
        access_key=server.access_key,
        secret_key=server.secret_key,
    )
    await s3.ensure_ready()

    async def incomplete_uploads() -> list[str]:
        # minio has no public call for this; the probe is worth the private one in a test.
        client = s3._client
        found = await asyncio.to_thread(client._list_multipart_uploads, TEST_BUCKET, prefix=prefix)
        return [upload.object_name or "" for upload in found.uploads]

    async with httpx.AsyncClient() as http:
        yield Backend(s3, prefix, http, asyncio.sleep, incomplete_uploads)
    async for found in s3.list(prefix + "/"):
        await s3.delete(found.key)


def file_names(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.iterdir())


async def stream(data: bytes, *, chunk: int = 64 * 1024) -> AsyncIterator[bytes]:
    for start in range(0, len(data), chunk):
        yield data[start : start + chunk]
        await asyncio.sleep(0)  # let other tasks run, like a real request body would


async def read_all(storage: ObjectStorage, key: str, chunk_size: int = MiB) -> bytes:
    return b"".join([chunk async for chunk in storage.get(key, chunk_size=chunk_size)])


class TestRoundTrip:
    async def test_bytes_come_back_with_size_and_sha256(self, backend: Backend) -> None:
        key = backend.key("letters/a.txt")

        stored = await backend.storage.put(key, b"Sehr geehrte Damen und Herren")

        assert stored.key == key
        assert stored.size == 29
        assert stored.sha256 == hashlib.sha256(b"Sehr geehrte Damen und Herren").hexdigest()
        assert await read_all(backend.storage, key) == b"Sehr geehrte Damen und Herren"

    async def test_a_12_mb_stream_is_stored_in_parts_and_read_back_in_chunks(
        self, backend: Backend
    ) -> None:
        key = backend.key("scans/big.pdf")

        stored = await backend.storage.put(key, stream(BIG), content_type="application/pdf")

        assert stored.size == len(BIG)
        assert stored.sha256 == hashlib.sha256(BIG).hexdigest()
        chunks = [chunk async for chunk in backend.storage.get(key, chunk_size=MiB)]
        assert len(chunks) >= 12
        assert b"".join(chunks) == BIG

    async def test_many_puts_at_once_whose_chunks_come_from_threads(self, backend: Backend) -> None:
        # More concurrent puts than the loop's default executor has threads, each reading its
        # chunks with asyncio.to_thread (as kit.downloads.put_file reads a local file): a put
        # must not hold the very threads its own chunks wait for.
        async def threaded(data: bytes) -> AsyncIterator[bytes]:
            for start in range(0, len(data), 4096):
                yield await asyncio.to_thread(bytes, data[start : start + 4096])

        contents = {backend.key(f"letters/{n}.pdf"): bytes([n]) * 20_000 for n in range(16)}

        stored = await asyncio.wait_for(
            asyncio.gather(*(backend.storage.put(k, threaded(v)) for k, v in contents.items())),
            timeout=60,
        )

        assert [s.size for s in stored] == [20_000] * 16
        for key, content in contents.items():
            assert await read_all(backend.storage, key) == content

    async def test_empty_object(self, backend: Backend) -> None:
        key = backend.key("empty")

        stored = await backend.storage.put(key, stream(b""))

        assert stored.size == 0
        assert await read_all(backend.storage, key) == b""

    async def test_put_replaces_the_previous_content(self, backend: Backend) -> None:
        key = backend.key("doc")
        await backend.storage.put(key, b"first")

        await backend.storage.put(key, b"second", content_type="text/plain")

        assert await read_all(backend.storage, key) == b"second"
        assert (await backend.storage.stat(key)).content_type == "text/plain"


class TestStat:
    async def test_reports_size_content_type_and_metadata(self, backend: Backend) -> None:
        key = backend.key("contract.pdf")
        await backend.storage.put(
            key,
            b"%PDF-1.7",
            content_type="application/pdf",
            metadata={"Uploaded-By": "staff-17", "source": "scan"},
        )

        info = await backend.storage.stat(key)

        assert info.key == key
        assert info.size == 8
        assert info.content_type == "application/pdf"
        assert dict(info.metadata) == {"uploaded-by": "staff-17", "source": "scan"}
        assert info.last_modified.tzinfo is not None

    async def test_metadata_that_s3_cannot_carry_is_refused(self, backend: Backend) -> None:
        with pytest.raises(ValueError, match="ASCII"):
            await backend.storage.put(backend.key("x"), b"x", metadata={"name": "Müller"})


class TestMaxSize:
    async def test_a_stream_past_the_limit_is_refused_and_leaves_nothing(
        self, backend: Backend
    ) -> None:
        key = backend.key("too-big")

        with pytest.raises(ObjectTooLarge):
            await backend.storage.put(key, stream(BIG), max_size=8 * MiB)

        with pytest.raises(ObjectNotFound):
            await backend.storage.stat(key)
        assert [found async for found in backend.storage.list(backend.prefix + "/")] == []
        assert await backend.leftovers() == []

    async def test_bytes_past_the_limit_are_refused(self, backend: Backend) -> None:
        with pytest.raises(ObjectTooLarge):
            await backend.storage.put(backend.key("b"), b"12345", max_size=4)
        with pytest.raises(ObjectNotFound):
            await backend.storage.stat(backend.key("b"))

    async def test_exactly_the_limit_is_fine(self, backend: Backend) -> None:
        stored = await backend.storage.put(backend.key("b"), stream(b"1234"), max_size=4)
        assert stored.size == 4


class TestFailedUpload:
    async def test_a_stream_failing_midway_keeps_the_previous_version(
        self, backend: Backend
    ) -> None:
        key = backend.key("doc")
        await backend.storage.put(key, b"version 1")

        async def broken() -> AsyncIterator[bytes]:
            async for chunk in stream(BIG[: 7 * MiB]):
                yield chunk
            raise ConnectionResetError("client went away")

        with pytest.raises(ConnectionResetError):
            await backend.storage.put(key, broken())

        assert await read_all(backend.storage, key) == b"version 1"
        assert await backend.leftovers() == []

    async def test_a_cancelled_upload_leaves_nothing(self, backend: Backend) -> None:
        key = backend.key("cancelled")
        halfway = asyncio.Event()

        async def stalls_after_7_mib() -> AsyncIterator[bytes]:
            async for chunk in stream(BIG[: 7 * MiB]):
                yield chunk
            halfway.set()
            await asyncio.Event().wait()  # the client sends nothing more
            yield b"never"

        upload = asyncio.create_task(backend.storage.put(key, stalls_after_7_mib()))
        await asyncio.wait_for(halfway.wait(), timeout=10)
        upload.cancel()
        with pytest.raises(asyncio.CancelledError):
            await upload

        with pytest.raises(ObjectNotFound):
            await backend.storage.stat(key)
        assert await backend.leftovers() == []


class TestMissingAndDelete:
    async def test_get_and_stat_of_a_missing_key_raise_not_found(self, backend: Backend) -> None:
        with pytest.raises(ObjectNotFound):
            await read_all(backend.storage, backend.key("nope"))
        with pytest.raises(ObjectNotFound):
            await backend.storage.stat(backend.key("nope"))

    async def test_delete_removes_and_is_idempotent(self, backend: Backend) -> None:
        key = backend.key("doc")
        await backend.storage.put(key, b"x")

        await backend.storage.delete(key)
        await backend.storage.delete(key)
        await backend.storage.delete(backend.key("never-existed"))

        with pytest.raises(ObjectNotFound):
            await backend.storage.stat(key)


class TestList:
    async def test_returns_exactly_the_keys_under_the_prefix_in_order(
        self, backend: Backend
    ) -> None:
        names = ["a/2", "a/1", "a/sub/3", "ab", "b/1"]
        for name in names:
            await backend.storage.put(backend.key(name), name.encode())

        folder = [found.key async for found in backend.storage.list(backend.key("a/"))]
        by_prefix = [found.key async for found in backend.storage.list(backend.key("a"))]

        assert folder == [backend.key(name) for name in ["a/1", "a/2", "a/sub/3"]]
        assert by_prefix == [backend.key(name) for name in ["a/1", "a/2", "a/sub/3", "ab"]]

    async def test_reports_sizes(self, backend: Backend) -> None:
        await backend.storage.put(backend.key("f"), b"12345")

        [found] = [found async for found in backend.storage.list(backend.prefix + "/")]

        assert (found.key, found.size) == (backend.key("f"), 5)


class TestPresignedDownload:
    async def test_downloads_under_the_filename_until_it_expires(self, backend: Backend) -> None:
        key = backend.key("letters/42.pdf")
        await backend.storage.put(key, b"%PDF letter", content_type="application/pdf")

        url = await backend.storage.presigned_get_url(
            key, expires=timedelta(seconds=2), filename="Mieterbrief Müller.pdf"
        )
        response = await backend.http.get(url)

        assert response.status_code == 200
        assert response.content == b"%PDF letter"
        assert response.headers["content-type"] == "application/pdf"
        disposition = response.headers["content-disposition"]
        assert disposition.startswith("attachment;")
        assert "filename*=UTF-8''Mieterbrief%20M%C3%BCller.pdf" in disposition

        await backend.let_time_pass(3.2)
        assert (await backend.http.get(url)).status_code == 403

    async def test_without_filename_no_attachment_is_forced(self, backend: Backend) -> None:
        key = backend.key("photo.jpg")
        await backend.storage.put(key, b"jpeg", content_type="image/jpeg")

        url = await backend.storage.presigned_get_url(key, expires=timedelta(minutes=5))
        response = await backend.http.get(url)

        assert response.status_code == 200
        assert response.content == b"jpeg"
        assert "content-disposition" not in response.headers


BAD_KEYS = ["../escape", "a/../../escape", "/etc/passwd", "a//b", "a/./b", "", "a\\b", "a/\x00"]


class TestKeys:
    @pytest.mark.parametrize("key", BAD_KEYS)
    async def test_keys_that_could_escape_or_differ_are_rejected(
        self, backend: Backend, key: str
    ) -> None:
        with pytest.raises(InvalidObjectKey):
            await backend.storage.put(key, b"x")
        with pytest.raises(InvalidObjectKey):
            await read_all(backend.storage, key)
        with pytest.raises(InvalidObjectKey):
            await backend.storage.stat(key)
        with pytest.raises(InvalidObjectKey):
            await backend.storage.presigned_get_url(key, expires=timedelta(minutes=1))

    async def test_unusual_but_valid_keys_work(self, backend: Backend) -> None:
        key = backend.key("Verträge/2024 Q1 #3 (neu)?.pdf")
        await backend.storage.put(key, b"ok")

        url = await backend.storage.presigned_get_url(key, expires=timedelta(minutes=1))

        assert (await backend.http.get(url)).content == b"ok"
        assert [found.key async for found in backend.storage.list(backend.key("Vertr"))] == [key]


class TestLocalOnly:
    @pytest.fixture
    def clock(self) -> FakeClock:
        return FakeClock()

    @pytest.fixture
    async def local(self, tmp_path: Path, clock: FakeClock) -> LocalObjectStorage:
        storage = local_storage(tmp_path / "objects", clock)
        await storage.ensure_ready()
        return storage

    @pytest.fixture
    async def http(self, local: LocalObjectStorage) -> AsyncIterator[httpx.AsyncClient]:
        app = FastAPI()
        app.include_router(local.download_router(), prefix=SERVICE_PREFIX)
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app)) as client:
            yield client

    async def test_a_tampered_link_is_forbidden(
        self, local: LocalObjectStorage, http: httpx.AsyncClient
    ) -> None:
        await local.put("acc/secret.pdf", b"secret")
        await local.put("acc/public.pdf", b"public")
        url = await local.presigned_get_url("acc/public.pdf", expires=timedelta(minutes=5))
        signature = url.rsplit("signature=", 1)[1]
        flipped = signature[:-1] + ("0" if signature[-1] != "0" else "1")

        assert (await http.get(url)).status_code == 200
        assert (await http.get(url.replace(signature, flipped))).status_code == 403
        other_key = url.replace("public.pdf", "secret.pdf")
        assert (await http.get(other_key)).status_code == 403
        longer = url.replace("expires=", "expires=9")
        assert (await http.get(longer)).status_code == 403
        renamed = url.replace("?", "?filename=evil.html&")
        assert (await http.get(renamed)).status_code == 403
        unsigned = url.split("&signature=")[0]
        assert (await http.get(unsigned)).status_code == 403
        assert (await http.get(url.replace("expires=", "expires=x"))).status_code == 403

    async def test_a_deleted_object_is_not_found(
        self, local: LocalObjectStorage, http: httpx.AsyncClient
    ) -> None:
        await local.put("acc/gone.pdf", b"x")
        url = await local.presigned_get_url("acc/gone.pdf", expires=timedelta(minutes=5))
        await local.delete("acc/gone.pdf")

        assert (await http.get(url)).status_code == 404

    async def test_nothing_is_written_outside_the_root(
        self, local: LocalObjectStorage, tmp_path: Path
    ) -> None:
        for key in BAD_KEYS:
            with pytest.raises(InvalidObjectKey):
                await local.put(key, b"x")
        assert file_names(tmp_path) == ["objects"]

    async def test_no_temp_file_stays_after_a_refused_upload(
        self, local: LocalObjectStorage
    ) -> None:
        with pytest.raises(ObjectTooLarge):
            await local.put("acc/big", stream(BIG), max_size=MiB)

        assert file_names(local.root / ".tmp") == []

    async def test_a_key_cannot_also_be_a_folder(self, local: LocalObjectStorage) -> None:
        await local.put("acc/a/b", b"x")

        with pytest.raises(InvalidObjectKey):
            await local.put("acc/a", b"y")
        assert file_names(local.root / ".tmp") == []


class TestS3Only:
    @pytest.mark.s3
    async def test_a_wrong_secret_key_is_reported_as_access_denied(self) -> None:
        server = s3_server()
        storage = S3ObjectStorage(
            endpoint=server.endpoint,
            bucket=TEST_BUCKET,
            access_key=server.access_key,
            secret_key=server.secret_key + "-wrong",
        )

        with pytest.raises(StorageAccessDenied, match="refused access"):
            await storage.ensure_ready()
        with pytest.raises(StorageAccessDenied):
            await storage.put("acc/x", b"x")


class TestFactory:
    def settings(self, **values: object) -> ServiceSettings:
        return ServiceSettings(
            environment="development",
            database_url="sqlite+aiosqlite:///:memory:",
            jwt_secret="factory-tests-secret-0123456789-abcdef",
            **values,
        )

    def test_local_storage_links_point_below_the_service_prefix(self, tmp_path: Path) -> None:
        storage = create_storage(
            self.settings(storage="local", storage_local_path=tmp_path),
            url_prefix="http://127.0.0.1:8000/api/documents",
        )

        assert isinstance(storage, LocalObjectStorage)
        assert storage.root == tmp_path.resolve()
        assert storage.url_prefix == "http://127.0.0.1:8000/api/documents"

    def test_s3_storage_uses_the_configured_bucket(self) -> None:
        storage = create_storage(
            self.settings(storage="s3", s3_endpoint="s3.internal:9000", s3_bucket="hp-docs")
        )

        assert isinstance(storage, S3ObjectStorage)
        assert (storage.endpoint, storage.bucket) == ("s3.internal:9000", "hp-docs")

    async def test_s3_links_can_point_to_a_public_host(self) -> None:
        storage = S3ObjectStorage(
            endpoint="s3.internal:9000",
            bucket="hp-docs",
            access_key="a",
            secret_key="b",
            public_url="https://files.example.com",
        )

        url = await storage.presigned_get_url("acc/x.pdf", expires=timedelta(minutes=1))

        assert url.startswith("https://files.example.com/hp-docs/acc/x.pdf?")
