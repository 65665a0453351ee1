"""Fixtures of the kit's tests: unique names, buses of both adapters, engines per test schema."""

from __future__ import annotations

import asyncio
import inspect
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Protocol

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from hausportal.kit.bus import Bus, KafkaBus, KafkaOptions, MemoryBroker, MemoryBus
from hausportal.kit.db import create_engine
from hausportal.kit.testing import TestDatabase, kafka_bootstrap, postgres_url

# Short group timeouts: joins and rebalances take about session_timeout/2 (see INFRA.md).
TEST_KAFKA_OPTIONS = KafkaOptions(
    session_timeout_ms=2000,
    heartbeat_interval_ms=200,
    poll_timeout_ms=200,
    fetch_max_wait_ms=100,
    retry_backoff=0.1,
    max_retry_backoff=0.5,
)


Unique = Callable[[str], str]
Eventually = Callable[..., Awaitable[None]]


@pytest.fixture
def unique() -> Unique:
    """unique("topic") -> "topic-1a2b3c4d": names no other test (or earlier run) uses."""
    return lambda prefix: f"{prefix}-{uuid.uuid4().hex[:8]}"


Predicate = Callable[[], bool | Awaitable[bool]]


async def _eventually(predicate: Predicate, within: float = 20.0, message: str = "") -> None:
    deadline = time.monotonic() + within
    while True:
        result = predicate()
        if inspect.isawaitable(result):
            result = await result
        if result:
            return
        if time.monotonic() > deadline:
            pytest.fail(f"condition not met within {within}s {message}".strip())
        await asyncio.sleep(0.02)


@pytest.fixture
def eventually() -> Eventually:
    """await eventually(lambda: len(seen) == 3, within=10): poll a condition (or an async
    function returning one) until it holds, or fail the test."""
    return _eventually


class BusFactory(Protocol):
    kind: str

    def __call__(self, *, client_id: str = ...) -> Bus: ...


class _BusFactory:
    """Makes buses of one adapter that share one broker; stops them all after the test."""

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self.buses: list[Bus] = []
        self._broker = MemoryBroker()
        self._bootstrap = kafka_bootstrap() if kind == "kafka" else ""

    def __call__(self, *, client_id: str = "test") -> Bus:
        bus: Bus
        if self.kind == "memory":
            bus = MemoryBus(
                client_id=client_id, broker=self._broker, retry_backoff=0.1, max_retry_backoff=0.5
            )
        else:
            bus = KafkaBus(self._bootstrap, client_id=client_id, options=TEST_KAFKA_OPTIONS)
        self.buses.append(bus)
        return bus


@pytest.fixture(
    params=[
        pytest.param("memory", id="memory"),
        pytest.param("kafka", id="kafka", marks=pytest.mark.kafka),
    ]
)
async def make_bus(request: pytest.FixtureRequest) -> AsyncIterator[BusFactory]:
    """Both adapters, one after the other: the same test runs against each."""
    factory = _BusFactory(request.param)
    yield factory
    await asyncio.gather(*(bus.stop() for bus in factory.buses))


@pytest.fixture
async def make_kafka_bus() -> AsyncIterator[BusFactory]:
    """Buses on the real broker with test timeouts, stopped after the test."""
    factory = _BusFactory("kafka")
    yield factory
    await asyncio.gather(*(bus.stop() for bus in factory.buses))


@asynccontextmanager
async def _schema_engine(database: TestDatabase) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(database.url, schema=database.schema)
    if database.backend == "postgresql":
        async with engine.begin() as connection:
            await connection.execute(text(f'CREATE SCHEMA IF NOT EXISTS "{database.schema}"'))
    try:
        yield engine
    finally:
        if database.backend == "postgresql":
            async with engine.begin() as connection:
                await connection.execute(text(f'DROP SCHEMA IF EXISTS "{database.schema}" CASCADE'))
        await engine.dispose()


@pytest.fixture
async def engine(database: TestDatabase) -> AsyncIterator[AsyncEngine]:
    """An engine on ``database`` (SQLite and PostgreSQL in turn) with its schema created."""
    async with _schema_engine(database) as engine:
        yield engine


@pytest.fixture
def postgres_database() -> TestDatabase:
    """A fresh schema on the real PostgreSQL, for tests only meaningful there."""
    return TestDatabase("postgresql", postgres_url(), f"t_{uuid.uuid4().hex[:12]}")


@pytest.fixture
async def postgres_engine(postgres_database: TestDatabase) -> AsyncIterator[AsyncEngine]:
    """An engine on ``postgres_database`` with its schema created, dropped after the test."""
    async with _schema_engine(postgres_database) as engine:
        yield engine
