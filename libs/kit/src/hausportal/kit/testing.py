"""Where the real test infrastructure is, as `make infra-up` writes it to .infra/env.

Tests that need a real server ask for it here. With HP_REQUIRE_INFRA=1 (set by `make test` and
CI) a missing server fails the test; without it (a developer running one file) the test skips.
"""

from __future__ import annotations

import asyncio
import os
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from sqlalchemy import func, make_url, select, text
from sqlalchemy.ext.asyncio import create_async_engine

if TYPE_CHECKING:
    from hausportal.contracts.envelope import Event
    from hausportal.kit.app import Runtime

REQUIRE_INFRA = os.environ.get("HP_REQUIRE_INFRA") == "1"


def _need(var: str, what: str) -> str:
    value = os.environ.get(var)
    if value:
        return value
    message = f"{what} is not configured ({var} unset): run `make infra-up` and source .infra/env"
    if REQUIRE_INFRA:
        pytest.fail(message)
    pytest.skip(message)


def postgres_url() -> str:
    """postgresql+asyncpg://postgres@127.0.0.1:PORT/postgres"""
    return _need("HP_TEST_POSTGRES_URL", "PostgreSQL")


def kafka_bootstrap() -> str:
    """host:port of the Kafka-protocol broker."""
    return _need("HP_TEST_KAFKA_BOOTSTRAP", "Kafka broker")


@dataclass(frozen=True)
class S3Server:
    endpoint: str  # host:port, plain http
    access_key: str
    secret_key: str


def s3_server() -> S3Server:
    return S3Server(
        endpoint=_need("HP_TEST_S3_ENDPOINT", "S3 server"),
        access_key=_need("HP_TEST_S3_ACCESS_KEY", "S3 access key"),
        secret_key=_need("HP_TEST_S3_SECRET_KEY", "S3 secret key"),
    )


@dataclass(frozen=True)
class SmtpServer:
    host: str
    port: int
    # HTTP API of the capture server, to read what was delivered.
    api_url: str


def smtp_server() -> SmtpServer:
    return SmtpServer(
        host=_need("HP_TEST_SMTP_HOST", "SMTP capture server"),
        port=int(_need("HP_TEST_SMTP_PORT", "SMTP capture server")),
        api_url=_need("HP_TEST_SMTP_API", "SMTP capture server API"),
    )


@dataclass(frozen=True)
class TestDatabase:
    """A database for one test: a fresh SQLite file, or a fresh schema on the real PostgreSQL."""

    __test__ = False  # not a test class, despite the name

    backend: str  # "sqlite" | "postgresql"
    url: str
    schema: str


@pytest.fixture(params=["sqlite", "postgresql"])
async def database(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[TestDatabase]:
    """The same test against both database adapters, each isolated in its own schema."""
    schema = f"t_{uuid.uuid4().hex[:12]}"
    if request.param == "sqlite":
        yield TestDatabase("sqlite", f"sqlite+aiosqlite:///{tmp_path / f'{schema}.db'}", schema)
        return
    url = postgres_url()
    yield TestDatabase("postgresql", url, schema)
    engine = create_async_engine(url)
    try:
        async with engine.begin() as connection:
            await connection.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
    finally:
        await engine.dispose()


@asynccontextmanager
async def fresh_postgres_database(prefix: str = "hp") -> AsyncIterator[str]:
    """URL of a database on the real PostgreSQL made for one test, dropped afterwards (the
    services' schemas have fixed names, so a test that runs a service needs its own database)."""
    server = postgres_url()
    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    admin = create_async_engine(server, isolation_level="AUTOCOMMIT")
    try:
        async with admin.connect() as connection:
            await connection.execute(text(f'CREATE DATABASE "{name}"'))
        yield make_url(server).set(database=name).render_as_string(hide_password=False)
        async with admin.connect() as connection:
            await connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    finally:
        await admin.dispose()


async def announce(runtime: Runtime, *announced: Event, within: float = 30.0) -> None:
    """Publish events on the service's bus as their producers do (the portal's directory
    events, another service's events) and wait until its consumer has taken each of them
    (its inbox has their ids). Long enough for a Kafka consumer group to settle."""
    for event in announced:
        topic = runtime.settings.topic(type(event).topic)
        await runtime.bus.publish(topic, event.to_bytes(), key=event.key)
    ids = [event.id for event in announced]
    inbox = runtime.service.messaging.inbox
    deadline = asyncio.get_running_loop().time() + within
    while True:
        async with runtime.sessionmaker() as session:
            applied = await session.scalar(
                select(func.count()).select_from(inbox).where(inbox.c.event_id.in_(ids))
            )
        if applied == len(ids):
            return
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError(f"{len(ids) - (applied or 0)} events did not reach the consumer")
        await asyncio.sleep(0.05)
