"""The outbox, inbox and dead-letter tables every service adds to its own metadata."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlalchemy import (
    JSON,
    BigInteger,
    Column,
    DateTime,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
    UniqueConstraint,
    Uuid,
)

# SQLite only auto-increments an INTEGER PRIMARY KEY; PostgreSQL gets a bigint identity.
_SEQUENCE = BigInteger().with_variant(Integer(), "sqlite")


def utcnow() -> datetime:
    return datetime.now(UTC)


@dataclass(eq=False)
class MessagingTables:
    """A service's messaging tables, and the relays to wake when an outbox write commits."""

    outbox: Table
    inbox: Table
    dead_letter: Table
    _wakeups: list[Callable[[], None]] = field(default_factory=list, repr=False)

    def add_wakeup(self, callback: Callable[[], None]) -> None:
        self._wakeups.append(callback)

    def remove_wakeup(self, callback: Callable[[], None]) -> None:
        if callback in self._wakeups:
            self._wakeups.remove(callback)

    def wake_relays(self) -> None:
        for callback in list(self._wakeups):
            callback()


def messaging_tables(metadata: MetaData) -> MessagingTables:
    """Add ``outbox``, ``inbox`` and ``dead_letter`` to a service's metadata (its schema)."""
    outbox = Table(
        "outbox",
        metadata,
        Column("id", _SEQUENCE, primary_key=True, autoincrement=True),
        Column("event_id", Uuid, nullable=False, unique=True),
        # The contract topic name; the relay applies the deployment's topic overrides.
        Column("topic", String(255), nullable=False),
        Column("key", String(255), nullable=True),
        # The event's JSON exactly as it goes on the wire.
        Column("payload", Text, nullable=False),
        # W3C traceparent/tracestate of the writing request, so the trace survives the delay.
        Column("headers", JSON, nullable=False, default=dict),
        Column("created_at", DateTime(timezone=True), nullable=False, default=utcnow),
        Column("published_at", DateTime(timezone=True), nullable=True),
        Column("attempts", Integer, nullable=False, default=0, server_default="0"),
        Column("last_error", Text, nullable=True),
    )
    # The relay's query: unpublished rows in id order; stays small however big the table grows.
    Index(
        "ix_outbox_unpublished",
        outbox.c.id,
        postgresql_where=outbox.c.published_at.is_(None),
        sqlite_where=outbox.c.published_at.is_(None),
    )
    Index("ix_outbox_published_at", outbox.c.published_at)

    inbox = Table(
        "inbox",
        metadata,
        Column("event_id", Uuid, nullable=False),
        Column("consumer_group", String(255), nullable=False),
        Column("processed_at", DateTime(timezone=True), nullable=False, default=utcnow),
        PrimaryKeyConstraint("event_id", "consumer_group"),
    )
    Index("ix_inbox_processed_at", inbox.c.processed_at)

    dead_letter = Table(
        "dead_letter",
        metadata,
        Column("id", _SEQUENCE, primary_key=True, autoincrement=True),
        Column("consumer_group", String(255), nullable=False),
        Column("topic", String(255), nullable=False),
        Column("source_partition", Integer, nullable=False),
        Column("source_offset", BigInteger, nullable=False),
        Column("key", LargeBinary, nullable=True),
        Column("value", LargeBinary, nullable=False),
        Column("headers", JSON, nullable=False, default=dict),
        Column("error", Text, nullable=False),
        Column("received_at", DateTime(timezone=True), nullable=False, default=utcnow),
        # A redelivered bad message is recorded once.
        UniqueConstraint(
            "consumer_group",
            "topic",
            "source_partition",
            "source_offset",
            name="uq_dead_letter_position",
        ),
    )
    return MessagingTables(outbox=outbox, inbox=inbox, dead_letter=dead_letter)
