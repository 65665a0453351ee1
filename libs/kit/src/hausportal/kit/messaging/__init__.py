"""Transactional outbox and inbox: events leave with their change, and take effect once.

Producers write events to the ``outbox`` table in the same transaction as their change; the
``OutboxRelay`` publishes committed rows to the bus (at least once, in order per account).
Consumers run each handler in one transaction with an ``inbox`` row (event id, group), so a
redelivered event has no second effect, and the bus commits the offset only afterwards.

Public API::

    messaging_tables(metadata) -> MessagingTables          # outbox, inbox, dead_letter tables
    Outbox(tables)
        await outbox.add(session, event, *, topic=None)    # in the caller's transaction
    OutboxRelay(sessionmaker, tables, bus, *, batch_size=100, poll_interval=0.5,
                topic_overrides=None, retention=timedelta(days=7), ...)
        await relay.run()                                  # background task, until cancelled
        await relay.publish_pending() -> int               # one batch;   drain(): all of it
        relay.wake()                                       # publish now (done after commits)
    EventConsumer(group, tables, *, topics=BY_NAME)
        @consumer.handler(EventClass, ...)                 # async def f(session, event) -> None
        consumer.attach(bus, sessionmaker, settings=...)   # subscribes; before bus.start()

Usage in a service::

    # models/__init__.py
    Base = declarative_base("documents")
    messaging = messaging_tables(Base.metadata)
    outbox = Outbox(messaging)

    # documents/service.py: in the request's transaction (SessionDep commits it)
    await outbox.add(session, DocumentPublished(account_id=..., payload=...))

    # consumers.py
    consumer = EventConsumer("documents", messaging)

    @consumer.handler(PropertyUpserted)
    async def mirror_property(session: AsyncSession, event: PropertyUpserted) -> None:
        await property_mirror.upsert(session, event.payload)   # flush, never commit

``create_service_app`` (hausportal.kit.app) runs the relay and attaches the consumer.
A malformed message is stored in ``dead_letter`` and skipped; an unknown event type (a newer
producer) is logged and skipped; a handler that raises is retried, holding up its partition.
"""

from hausportal.kit.messaging.consumer import EventConsumer, EventHandler
from hausportal.kit.messaging.outbox import Outbox
from hausportal.kit.messaging.relay import OutboxPublishError, OutboxRelay
from hausportal.kit.messaging.tables import MessagingTables, messaging_tables

__all__ = [
    "EventConsumer",
    "EventHandler",
    "MessagingTables",
    "Outbox",
    "OutboxPublishError",
    "OutboxRelay",
    "messaging_tables",
]
