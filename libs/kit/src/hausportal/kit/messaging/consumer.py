"""Consuming events: parse, dedupe through the inbox, run the handler, all in one transaction."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Mapping
from typing import Any, TypeVar

from opentelemetry import propagate, trace
from opentelemetry.trace import Link, SpanKind, TracerProvider
from pydantic import ValidationError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from hausportal.contracts.envelope import Event, Topic, UnknownEvent
from hausportal.contracts.topics import BY_NAME
from hausportal.kit.bus.port import Bus, Message
from hausportal.kit.db import upsert_insert
from hausportal.kit.messaging.tables import MessagingTables, utcnow
from hausportal.kit.metrics import BusOutcome, record_bus_message
from hausportal.kit.settings import ServiceSettings

log = logging.getLogger(__name__)

EventHandler = Callable[[AsyncSession, Any], Awaitable[None]]
H = TypeVar("H", bound=EventHandler)


class EventConsumer:
    """One service's consumer group: handlers per event class, each event's effect once.

    The handler runs in a transaction that also records the event id in the inbox; a
    redelivered event finds its id there and is skipped. The bus commits the offset only
    after that transaction committed. A handler that raises rolls back and is retried.
    """

    def __init__(
        self,
        group: str,
        tables: MessagingTables,
        *,
        topics: Mapping[str, Topic] = BY_NAME,
        tracer_provider: TracerProvider | None = None,
    ) -> None:
        self.group = group
        self._tables = tables
        self._topics = topics
        self._handlers: dict[type[Event], EventHandler] = {}
        self._tracer = trace.get_tracer(__name__, tracer_provider=tracer_provider)
        self._sessionmaker: async_sessionmaker[AsyncSession] | None = None
        self._overrides: dict[str, str] = {}
        # Metrics label: the schema of the inbox is the service that owns it.
        self._service = tables.inbox.schema or group

    def handler(self, *event_classes: type[Event]) -> Callable[[H], H]:
        """Decorator: ``@consumer.handler(PropertyUpserted)`` on ``async def f(session, event)``.

        The handler flushes, never commits; raising rolls back and the event comes again.
        """
        for event_class in event_classes:
            if event_class in self._handlers:
                raise ValueError(f"{event_class.__name__} already has a handler in {self.group}")
            if getattr(event_class, "topic", None) not in self._topics:
                raise ValueError(f"{event_class.__name__} is not on a known topic")

        def register(function: H) -> H:
            for event_class in event_classes:
                self._handlers[event_class] = function
            return function

        return register

    @property
    def topic_names(self) -> list[str]:
        """The topics to subscribe to, as named in this deployment (overrides applied)."""
        contract_names = sorted({cls.topic for cls in self._handlers})
        return [self._overrides.get(name, name) for name in contract_names]

    def attach(
        self,
        bus: Bus,
        sessionmaker: async_sessionmaker[AsyncSession],
        *,
        settings: ServiceSettings | None = None,
        topic_overrides: Mapping[str, str] | None = None,
    ) -> None:
        """Subscribe to the bus (before ``bus.start()``); handlers use this sessionmaker."""
        self._sessionmaker = sessionmaker
        if topic_overrides is None and settings is not None:
            topic_overrides = settings.topic_overrides
        self._overrides = dict(topic_overrides or {})
        if self._handlers:
            bus.subscribe(self.topic_names, group=self.group, handler=self.handle)

    async def handle(self, message: Message) -> None:
        """The bus handler: returns once the effect is committed (or the message is skipped)."""
        event = await self._parse(message)
        if event is None:
            return
        handler = self._handlers.get(type(event))
        if handler is None:
            return
        carrier = {name: value.decode("latin-1") for name, value in message.headers.items()}
        producer_context = propagate.extract(carrier)
        producer_span = trace.get_current_span(producer_context).get_span_context()
        with self._tracer.start_as_current_span(
            f"{message.topic} process",
            # Child of the producing request (one trace end to end) and linked to it, as the
            # OpenTelemetry messaging conventions ask for consumers.
            context=producer_context,
            kind=SpanKind.CONSUMER,
            links=[Link(producer_span)] if producer_span.is_valid else [],
            attributes={
                "messaging.system": "kafka",
                "messaging.operation.type": "process",
                "messaging.destination.name": message.topic,
                "messaging.consumer.group.name": self.group,
                "messaging.message.id": str(event.id),
                "messaging.destination.partition.id": str(message.partition),
                "messaging.kafka.offset": message.offset,
                "hausportal.event.type": event.type,
            },
        ) as span:
            try:
                async with self._session() as session, session.begin():
                    if not await self._record_in_inbox(session, event):
                        span.set_attribute("hausportal.duplicate", True)
                        log.debug("event %s already processed by %s", event.id, self.group)
                        self._count(message, "duplicate")
                        return
                    await handler(session, event)
            except Exception:
                self._count(message, "failed")
                raise
            self._count(message, "processed")

    def _count(self, message: Message, outcome: BusOutcome) -> None:
        record_bus_message(service=self._service, topic=message.topic, outcome=outcome)

    async def _parse(self, message: Message) -> Event | None:
        contract_name = self._contract_name(message.topic)
        topic = self._topics.get(contract_name)
        if topic is None:
            log.warning("message on %s, a topic without contract; skipped", message.topic)
            return None
        try:
            return topic.parse(message.value)
        except UnknownEvent as error:
            # A newer producer's event: not ours to understand yet, and not an error.
            log.info("%s; skipped by %s", error, self.group)
            return None
        except (ValidationError, ValueError) as error:
            await self._dead_letter(message, error)
            return None

    def _contract_name(self, topic: str) -> str:
        for contract_name, deployed_name in self._overrides.items():
            if deployed_name == topic:
                return contract_name
        return topic

    def _session(self) -> AsyncSession:
        if self._sessionmaker is None:
            raise RuntimeError(f"consumer {self.group} is not attached")
        return self._sessionmaker()

    async def _record_in_inbox(self, session: AsyncSession, event: Event) -> bool:
        """Insert (event id, group); False if it was there already (a redelivery)."""
        inbox = self._tables.inbox
        values = {"event_id": event.id, "consumer_group": self.group, "processed_at": utcnow()}
        # Concurrent deliveries (a rebalance) block on the key until the first commits, then
        # find it: the second effect never happens.
        statement = (
            upsert_insert(session)(inbox)
            .values(values)
            .on_conflict_do_nothing()
            .returning(inbox.c.event_id)
        )
        return (await session.execute(statement)).first() is not None

    async def _dead_letter(self, message: Message, error: Exception) -> None:
        """Keep a malformed message (raw bytes and why) and move on: it would fail forever.

        A table rather than a log line: the bytes survive log retention, can be inspected
        with SQL and replayed after a fix.
        """
        log.error(
            "malformed message on %s[%d]@%d for %s, moved to dead_letter: %s; value=%r",
            message.topic,
            message.partition,
            message.offset,
            self.group,
            error,
            message.value[:500],
        )
        dead_letter = self._tables.dead_letter
        async with self._session() as session, session.begin():
            await session.execute(
                upsert_insert(session)(dead_letter)
                .values(
                    consumer_group=self.group,
                    topic=message.topic,
                    source_partition=message.partition,
                    source_offset=message.offset,
                    key=message.key,
                    value=message.value,
                    headers={k: v.decode("latin-1") for k, v in message.headers.items()},
                    error=str(error)[:4000],
                    received_at=utcnow(),
                )
                .on_conflict_do_nothing()
            )
