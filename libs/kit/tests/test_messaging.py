"""Outbox, relay and inbox on SQLite and PostgreSQL: events leave with their commit, act once."""

from __future__ import annotations

import asyncio
import json
import uuid
from collections import Counter
from collections.abc import AsyncIterator, Mapping
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING

import pytest
from opentelemetry.sdk.trace import ReadableSpan, TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import SpanKind
from sqlalchemy import Column, Integer, String, Table, Uuid, func, select, update
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from hausportal.contracts.system import ProbePayload, ProbeSent
from hausportal.kit.bus import Bus, MemoryBroker, MemoryBus, Message
from hausportal.kit.db import create_sessionmaker, service_metadata
from hausportal.kit.messaging import (
    EventConsumer,
    MessagingTables,
    Outbox,
    OutboxPublishError,
    OutboxRelay,
    messaging_tables,
)
from hausportal.kit.messaging.tables import utcnow
from hausportal.kit.testing import TestDatabase

if TYPE_CHECKING:
    from conftest import Eventually

ACCOUNTS = [uuid.UUID(int=i + 1) for i in range(5)]


def probe(account: uuid.UUID, seq: int) -> ProbeSent:
    return ProbeSent(account_id=account, payload=ProbePayload(service="test", note=str(seq)))


@dataclass
class Service:
    """A minimal service: messaging tables, an effects table, an outbox and a consumer."""

    tables: MessagingTables
    effects: Table
    sessionmaker: async_sessionmaker[AsyncSession]
    outbox: Outbox
    consumer: EventConsumer
    topic: str
    overrides: Mapping[str, str]
    broker: MemoryBroker
    bus: MemoryBus

    def relay(self, bus: Bus | None = None, **options: object) -> OutboxRelay:
        return OutboxRelay(
            self.sessionmaker,
            self.tables,
            bus or self.bus,
            topic_overrides=self.overrides,
            **options,  # type: ignore[arg-type]
        )

    def attach(self, consumer: EventConsumer | None = None) -> None:
        consumer = consumer or self.consumer
        consumer.attach(self.bus, self.sessionmaker, topic_overrides=self.overrides)

    async def write(self, *events: ProbeSent) -> None:
        async with self.sessionmaker() as session, session.begin():
            for event in events:
                await self.outbox.add(session, event)

    async def effects_by_event(self) -> Counter[uuid.UUID]:
        async with self.sessionmaker() as session:
            rows = await session.execute(select(self.effects.c.event_id))
            return Counter(event_id for (event_id,) in rows)

    async def effect_notes(self, account: uuid.UUID) -> list[int]:
        async with self.sessionmaker() as session:
            rows = await session.execute(
                select(self.effects.c.note)
                .where(self.effects.c.account_id == account)
                .order_by(self.effects.c.id)
            )
            return [int(note) for (note,) in rows]

    async def count(self, table: Table, *where: object) -> int:
        async with self.sessionmaker() as session:
            query = select(func.count()).select_from(table).where(*where)  # type: ignore[arg-type]
            return (await session.execute(query)).scalar_one()


@pytest.fixture
async def service(
    database: TestDatabase, engine: AsyncEngine, unique: object
) -> AsyncIterator[Service]:
    metadata = service_metadata(database.schema)
    tables = messaging_tables(metadata)
    effects = Table(
        "effects",
        metadata,
        Column("id", Integer, primary_key=True, autoincrement=True),
        # Deliberately not unique: a second effect of one event must show, not fail.
        Column("event_id", Uuid, nullable=False),
        Column("account_id", Uuid, nullable=False),
        Column("note", String(50), nullable=False),
    )
    async with engine.begin() as connection:
        await connection.run_sync(metadata.create_all)
    topic = unique("probes")  # type: ignore[operator]
    overrides = {ProbeSent.topic: topic}
    sessionmaker = create_sessionmaker(engine)
    consumer = EventConsumer(f"group-{topic}", tables)

    @consumer.handler(ProbeSent)
    async def apply(session: AsyncSession, event: ProbeSent) -> None:
        await session.execute(
            effects.insert().values(
                event_id=event.id, account_id=event.account_id, note=event.payload.note
            )
        )

    broker = MemoryBroker()
    bus = MemoryBus(broker=broker, retry_backoff=0.05, max_retry_backoff=0.2)
    yield Service(
        tables, effects, sessionmaker, Outbox(tables), consumer, topic, overrides, broker, bus
    )
    await bus.stop()


class TestOutbox:
    async def test_only_committed_events_are_published(self, service: Service) -> None:
        await service.bus.start()
        kept, dropped = probe(ACCOUNTS[0], 1), probe(ACCOUNTS[0], 2)
        async with service.sessionmaker() as session:
            async with session.begin():
                await service.outbox.add(session, kept)
            transaction = await session.begin()
            await service.outbox.add(session, dropped)
            await transaction.rollback()

        assert await service.relay().drain() == 1
        published = service.broker.messages(service.topic)
        assert [ProbeSent.model_validate_json(m.value).id for m in published] == [kept.id]
        assert published[0].key == str(ACCOUNTS[0]).encode()

    async def test_a_published_row_is_not_published_again(self, service: Service) -> None:
        await service.bus.start()
        await service.write(*(probe(ACCOUNTS[0], i) for i in range(3)))
        relay = service.relay(batch_size=2)

        assert await relay.drain() == 3
        assert await relay.drain() == 0
        assert len(service.broker.messages(service.topic)) == 3
        outbox = service.tables.outbox
        assert await service.count(outbox, outbox.c.published_at.is_(None)) == 0

    async def test_many_events_added_at_once_are_published_once_each_in_order(
        self, service: Service
    ) -> None:
        await service.bus.start()
        events = [probe(ACCOUNTS[0], i) for i in range(250)]
        async with service.sessionmaker() as session, session.begin():
            await service.outbox.add_many(session, events)

        assert await service.relay(batch_size=100).drain() == 250
        published = service.broker.messages(service.topic)
        assert [ProbeSent.model_validate_json(m.value).id for m in published] == [
            event.id for event in events
        ]

    async def test_relay_publishes_right_after_a_commit_without_waiting_for_the_poll(
        self, service: Service, eventually: Eventually
    ) -> None:
        await service.bus.start()
        relay_task = asyncio.create_task(service.relay(poll_interval=30).run())
        try:
            await asyncio.sleep(0.05)  # the relay has polled once and sleeps for 30 s
            await service.write(probe(ACCOUNTS[0], 1))
            await eventually(lambda: len(service.broker.messages(service.topic)) == 1, within=3)
        finally:
            relay_task.cancel()
            await asyncio.gather(relay_task, return_exceptions=True)

    async def test_a_failed_publish_holds_back_that_account_only(self, service: Service) -> None:
        await service.bus.start()
        flaky = FlakyBus(service.bus, fail_on_key=str(ACCOUNTS[0]).encode())
        await service.write(*(probe(account, i) for i in range(3) for account in ACCOUNTS[:2]))

        with pytest.raises(OutboxPublishError):
            await service.relay(flaky).drain()
        published = service.broker.messages(service.topic)
        assert {m.key for m in published} == {str(ACCOUNTS[1]).encode()}
        outbox = service.tables.outbox
        assert await service.count(outbox, outbox.c.last_error.is_not(None)) == 1

        assert await service.relay(flaky).drain() == 3
        first_account = [
            ProbeSent.model_validate_json(m.value).payload.note
            for m in service.broker.messages(service.topic)
            if m.key == str(ACCOUNTS[0]).encode()
        ]
        assert first_account == ["0", "1", "2"]

    async def test_cleanup_removes_only_old_published_rows(self, service: Service) -> None:
        await service.bus.start()
        await service.write(*(probe(ACCOUNTS[0], i) for i in range(3)))
        relay = service.relay(retention=timedelta(days=7))
        await relay.drain()
        await service.write(probe(ACCOUNTS[0], 3))  # still pending: never cleaned
        outbox = service.tables.outbox
        async with service.sessionmaker() as session, session.begin():
            await session.execute(
                update(outbox)
                .where(outbox.c.id <= 2)
                .values(published_at=utcnow() - timedelta(days=8))
            )

        assert await relay.cleanup() == 2
        assert await service.count(outbox) == 2


class FlakyBus:
    """Wraps a bus; the first publish with the given key fails."""

    def __init__(self, bus: Bus, *, fail_on_key: bytes) -> None:
        self._bus = bus
        self._fail_on_key: bytes | None = fail_on_key

    async def publish(
        self,
        topic: str,
        value: bytes,
        *,
        key: bytes | None = None,
        headers: Mapping[str, bytes] | None = None,
    ) -> None:
        if key is not None and key == self._fail_on_key:
            self._fail_on_key = None
            raise ConnectionError("broker went away")
        await self._bus.publish(topic, value, key=key, headers=headers)


class TestInbox:
    async def test_a_redelivered_event_has_no_second_effect(self, service: Service) -> None:
        service.consumer.attach(
            service.bus, service.sessionmaker, topic_overrides=service.overrides
        )
        event = probe(ACCOUNTS[0], 1)
        message = Message(topic=service.topic, value=event.to_bytes(), key=event.key)

        await service.consumer.handle(message)
        await service.consumer.handle(message)

        assert await service.effects_by_event() == {event.id: 1}

    async def test_two_concurrent_deliveries_of_one_event_take_effect_once(
        self, service: Service
    ) -> None:
        consumer = EventConsumer("slow", service.tables)

        @consumer.handler(ProbeSent)
        async def apply(session: AsyncSession, event: ProbeSent) -> None:
            await session.execute(
                service.effects.insert().values(
                    event_id=event.id, account_id=event.account_id, note=event.payload.note
                )
            )
            await asyncio.sleep(0.1)  # the second delivery arrives while this one is open

        service.attach(consumer)
        event = probe(ACCOUNTS[0], 1)
        message = Message(topic=service.topic, value=event.to_bytes(), key=event.key)

        await asyncio.gather(consumer.handle(message), consumer.handle(message))

        assert await service.effects_by_event() == {event.id: 1}

    async def test_a_failing_handler_leaves_no_inbox_entry_so_the_retry_applies(
        self, service: Service
    ) -> None:
        consumer = EventConsumer("failing-once", service.tables)
        attempts: list[uuid.UUID] = []

        @consumer.handler(ProbeSent)
        async def apply(session: AsyncSession, event: ProbeSent) -> None:
            await session.execute(
                service.effects.insert().values(
                    event_id=event.id, account_id=event.account_id, note=event.payload.note
                )
            )
            attempts.append(event.id)
            if len(attempts) == 1:
                raise RuntimeError("mail server down")

        service.attach(consumer)
        event = probe(ACCOUNTS[0], 1)
        message = Message(topic=service.topic, value=event.to_bytes(), key=event.key)
        with pytest.raises(RuntimeError):
            await consumer.handle(message)
        assert await service.effects_by_event() == {}

        await consumer.handle(message)
        assert await service.effects_by_event() == {event.id: 1}

    async def test_unknown_and_malformed_messages_are_skipped(self, service: Service) -> None:
        service.consumer.attach(
            service.bus, service.sessionmaker, topic_overrides=service.overrides
        )
        newer = probe(ACCOUNTS[0], 1).model_dump(mode="json") | {"type": "system.probe.v9"}
        unknown = Message(topic=service.topic, value=json.dumps(newer).encode())
        malformed = Message(topic=service.topic, value=b"{not json", partition=1, offset=7)

        await service.consumer.handle(unknown)
        await service.consumer.handle(malformed)
        await service.consumer.handle(malformed)  # redelivered: still one dead letter

        assert await service.effects_by_event() == {}
        dead_letter = service.tables.dead_letter
        async with service.sessionmaker() as session:
            rows = (await session.execute(select(dead_letter))).all()
        assert [(r.value, r.source_partition, r.source_offset) for r in rows] == [
            (b"{not json", 1, 7)
        ]


class TestEndToEnd:
    async def test_every_event_takes_effect_exactly_once_and_in_order_per_account(
        self, service: Service, eventually: Eventually
    ) -> None:
        service.consumer.attach(
            service.bus, service.sessionmaker, topic_overrides=service.overrides
        )
        await service.bus.start()
        relay_task = asyncio.create_task(service.relay(batch_size=25, poll_interval=0.05).run())
        try:
            events = [probe(ACCOUNTS[i % 5], i) for i in range(150)]
            for start in range(0, 150, 10):
                await service.write(*events[start : start + 10])
            await eventually(lambda: len(service.broker.messages(service.topic)) == 150)

            # Publish the first 60 again, as a relay killed before marking them would.
            outbox = service.tables.outbox
            async with service.sessionmaker() as session, session.begin():
                await session.execute(
                    update(outbox).where(outbox.c.id <= 60).values(published_at=None)
                )
            service.tables.wake_relays()
            await eventually(lambda: len(service.broker.messages(service.topic)) == 210)
            expected = {event.id: 1 for event in events}

            async def all_applied() -> bool:
                return await service.effects_by_event() == expected

            await eventually(all_applied)
        finally:
            relay_task.cancel()
            await asyncio.gather(relay_task, return_exceptions=True)

        for account in ACCOUNTS:
            notes = await service.effect_notes(account)
            assert notes == sorted(notes)
            assert len(notes) == 30

    async def test_the_consumer_span_continues_the_producers_trace(
        self, service: Service, eventually: Eventually
    ) -> None:
        exporter = InMemorySpanExporter()
        provider = TracerProvider()
        provider.add_span_processor(SimpleSpanProcessor(exporter))
        consumer = EventConsumer("traced", service.tables, tracer_provider=provider)

        @consumer.handler(ProbeSent)
        async def apply(session: AsyncSession, event: ProbeSent) -> None:
            pass

        service.attach(consumer)
        await service.bus.start()
        with provider.get_tracer("test").start_as_current_span("POST /api/portal/probe") as span:
            await service.write(probe(ACCOUNTS[0], 1))
            request = span.get_span_context()
        await service.relay(tracer_provider=provider).drain()

        def spans(kind: SpanKind) -> list[ReadableSpan]:
            return [s for s in exporter.get_finished_spans() if s.kind is kind]

        await eventually(lambda: spans(SpanKind.CONSUMER), within=5)
        (process,) = spans(SpanKind.CONSUMER)
        assert process.name == f"{service.topic} process"
        assert process.context.trace_id == request.trace_id
        assert process.parent is not None
        assert process.parent.span_id == request.span_id
        assert [link.context.span_id for link in process.links] == [request.span_id]
        (publish,) = spans(SpanKind.PRODUCER)
        assert publish.context.trace_id == request.trace_id


@pytest.mark.postgres
class TestTwoRelays:
    async def test_two_relays_on_one_outbox_publish_each_row_once(
        self, postgres_database: TestDatabase, postgres_engine: AsyncEngine, unique: object
    ) -> None:
        metadata = service_metadata(postgres_database.schema)
        tables = messaging_tables(metadata)
        async with postgres_engine.begin() as connection:
            await connection.run_sync(metadata.create_all)
        sessionmaker = create_sessionmaker(postgres_engine)
        topic = unique("probes")  # type: ignore[operator]
        broker = MemoryBroker()
        bus = MemoryBus(broker=broker)
        await bus.start()
        outbox = Outbox(tables)
        relays = [
            OutboxRelay(
                sessionmaker,
                tables,
                bus,
                batch_size=10,
                poll_interval=0.01,
                topic_overrides={ProbeSent.topic: topic},
            )
            for _ in range(2)
        ]
        tasks = [asyncio.create_task(relay.run()) for relay in relays]
        try:
            for start in range(0, 200, 20):
                async with sessionmaker() as session, session.begin():
                    for i in range(start, start + 20):
                        await outbox.add(session, probe(ACCOUNTS[i % 5], i))
            deadline = asyncio.get_running_loop().time() + 20
            while len(broker.messages(topic)) < 200:
                assert asyncio.get_running_loop().time() < deadline
                await asyncio.sleep(0.05)
            await asyncio.sleep(0.3)  # time for a wrong second publication to show
        finally:
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
            await bus.stop()

        ids = [ProbeSent.model_validate_json(m.value).id for m in broker.messages(topic)]
        assert len(ids) == len(set(ids)) == 200
