"""The outbox relay: publishes committed outbox rows to the bus, in order, at least once."""

from __future__ import annotations

import asyncio
import hashlib
import logging
import time
from collections.abc import Mapping, Sequence
from datetime import timedelta

from opentelemetry import propagate, trace
from opentelemetry.trace import SpanKind, TracerProvider
from sqlalchemy import Row, delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from hausportal.kit.aio import wait_or_timeout
from hausportal.kit.bus.port import Bus
from hausportal.kit.messaging.tables import MessagingTables, utcnow
from hausportal.kit.metrics import record_published, set_outbox_backlog

log = logging.getLogger(__name__)


class OutboxPublishError(RuntimeError):
    """Some rows of a batch could not be published; they stay pending and are retried."""


class OutboxRelay:
    """Publishes unpublished outbox rows in id order and marks them once the broker has them.

    A crash between publishing and marking publishes those rows again (a duplicate the
    consumers' inbox absorbs), never loses one: the only state is the table.
    """

    def __init__(
        self,
        sessionmaker: async_sessionmaker[AsyncSession],
        tables: MessagingTables,
        bus: Bus,
        *,
        batch_size: int = 100,
        poll_interval: float = 0.5,
        topic_overrides: Mapping[str, str] | None = None,
        retention: timedelta = timedelta(days=7),
        inbox_retention: timedelta | None = timedelta(days=30),
        cleanup_interval: float = 600.0,
        max_error_backoff: float = 30.0,
        tracer_provider: TracerProvider | None = None,
    ) -> None:
        self._sessionmaker = sessionmaker
        self._tables = tables
        self._bus = bus
        self._batch_size = batch_size
        self._poll_interval = poll_interval
        self._topic_overrides = dict(topic_overrides or {})
        self._retention = retention
        self._inbox_retention = inbox_retention
        self._cleanup_interval = cleanup_interval
        self._max_error_backoff = max_error_backoff
        self._tracer = trace.get_tracer(__name__, tracer_provider=tracer_provider)
        # Metrics label: the schema of the outbox is the service that owns it.
        self._service = tables.outbox.schema or "unknown"
        self._wakeup: asyncio.Event | None = None
        # Relays of different services share one PostgreSQL; each outbox table gets its own lock.
        digest = hashlib.blake2b(tables.outbox.fullname.encode(), digest_size=8).digest()
        self._lock_key = int.from_bytes(digest, "big", signed=True)

    def wake(self) -> None:
        """Publish now instead of at the next poll (called after an outbox write commits)."""
        if self._wakeup is not None:
            self._wakeup.set()

    async def run(self) -> None:
        """Publish until cancelled; survives broker and database outages with a backoff."""
        self._wakeup = asyncio.Event()
        self._tables.add_wakeup(self.wake)
        failures = 0
        next_cleanup = time.monotonic() + self._cleanup_interval
        try:
            while True:
                self._wakeup.clear()
                try:
                    published = await self.publish_pending()
                    await self.report_backlog()
                    if time.monotonic() >= next_cleanup:
                        next_cleanup = time.monotonic() + self._cleanup_interval
                        await self.cleanup()
                    failures = 0
                except Exception:
                    failures += 1
                    delay = min(self._max_error_backoff, self._poll_interval * 2**failures)
                    log.exception("outbox relay failed %d times; next in %.1fs", failures, delay)
                    await asyncio.sleep(delay)
                    continue
                if published < self._batch_size:
                    await self._sleep_until_woken()
        finally:
            self._tables.remove_wakeup(self.wake)
            self._wakeup = None

    async def _sleep_until_woken(self) -> None:
        assert self._wakeup is not None
        await wait_or_timeout(self._wakeup, self._poll_interval)

    async def drain(self) -> int:
        """Publish batches until none is pending; the number published (tests, shutdown)."""
        total = 0
        while published := await self.publish_pending():
            total += published
        return total

    async def publish_pending(self) -> int:
        """Claim one batch, publish it, mark what the broker acknowledged; returns that count.

        Raises ``OutboxPublishError`` after marking the rest if some rows failed to publish.
        """
        failed: dict[int, str] = {}
        async with self._sessionmaker() as session:
            if session.get_bind().dialect.name == "postgresql":
                async with session.begin():
                    if not await self._is_active_relay(session):
                        return 0
                    rows = await self._claim(session)
                    if not rows:
                        return 0
                    published = await self._publish(rows, failed)
                    await self._mark(session, published, failed)
            else:
                # SQLite's BEGIN IMMEDIATE holds the whole database's write lock, which must
                # not wait for a slow broker. One process owns the file, so there is no other
                # relay to fence off: read, publish, then mark in a second transaction.
                async with session.begin():
                    rows = await self._claim(session)
                if not rows:
                    return 0
                published = await self._publish(rows, failed)
                async with session.begin():
                    await self._mark(session, published, failed)
        if failed:
            raise OutboxPublishError(f"{len(failed)} outbox rows not published; will retry")
        return len(published)

    async def report_backlog(self) -> int:
        """Set the outbox backlog gauge (rows committed, not yet published); returns it."""
        outbox = self._tables.outbox
        async with self._sessionmaker() as session:
            count = await session.scalar(
                select(func.count()).select_from(outbox).where(outbox.c.published_at.is_(None))
            )
        set_outbox_backlog(service=self._service, count=count or 0)
        return count or 0

    async def _claim(self, session: AsyncSession) -> Sequence[Row]:
        outbox = self._tables.outbox
        query = (
            select(outbox)
            .where(outbox.c.published_at.is_(None))
            .order_by(outbox.c.id)
            .limit(self._batch_size)
            # Another relay replica skips these rows instead of publishing them too.
            .with_for_update(skip_locked=True)
        )
        return (await session.execute(query)).all()

    async def _mark(
        self, session: AsyncSession, published: list[int], failed: dict[int, str]
    ) -> None:
        outbox = self._tables.outbox
        if published:
            await session.execute(
                update(outbox)
                .where(outbox.c.id.in_(published))
                .values(published_at=utcnow(), attempts=outbox.c.attempts + 1, last_error=None)
            )
        for row_id, error in failed.items():
            await session.execute(
                update(outbox)
                .where(outbox.c.id == row_id)
                .values(attempts=outbox.c.attempts + 1, last_error=error[:2000])
            )

    async def _is_active_relay(self, session: AsyncSession) -> bool:
        """On PostgreSQL only one relay per outbox publishes at a time.

        SKIP LOCKED alone would let a second replica publish later rows of an account while
        the first still publishes earlier ones, breaking the per-account order; this
        transaction-scoped lock keeps one publisher, and SKIP LOCKED stays as a safety net.
        """
        locked = await session.scalar(select(func.pg_try_advisory_xact_lock(self._lock_key)))
        return bool(locked)

    async def _publish(self, rows: Sequence[Row], failed: dict[int, str]) -> list[int]:
        """Publish rows, one account after another in id order, accounts concurrently."""
        chains: dict[str | None, list[Row]] = {}
        for row in rows:
            chains.setdefault(row.key, []).append(row)
        published: list[int] = []

        async def publish_chain(chain: list[Row]) -> None:
            for row in chain:
                try:
                    await self._publish_row(row)
                except Exception as error:
                    # Stop this account here: publishing its later events would reorder them.
                    log.warning("publishing outbox row %d failed: %r", row.id, error)
                    failed[row.id] = repr(error)
                    return
                published.append(row.id)

        await asyncio.gather(*(publish_chain(chain) for chain in chains.values()))
        return published

    async def _publish_row(self, row: Row) -> None:
        topic = self._topic_overrides.get(row.topic, row.topic)
        headers: dict[str, str] = row.headers or {}
        with self._tracer.start_as_current_span(
            f"{topic} publish",
            context=propagate.extract(headers),
            kind=SpanKind.PRODUCER,
            attributes={
                "messaging.system": "kafka",
                "messaging.operation.type": "send",
                "messaging.destination.name": topic,
                "messaging.message.id": str(row.event_id),
            },
        ):
            await self._bus.publish(
                topic,
                row.payload.encode(),
                key=row.key.encode() if row.key is not None else None,
                headers={name: value.encode() for name, value in headers.items()},
            )
        record_published(service=self._service, topic=topic)

    async def cleanup(self) -> int:
        """Delete published rows past the retention, and old inbox entries; rows deleted."""
        now = utcnow()
        outbox, inbox = self._tables.outbox, self._tables.inbox
        async with self._sessionmaker() as session, session.begin():
            result = await session.execute(
                delete(outbox).where(outbox.c.published_at < now - self._retention)
            )
            deleted = result.rowcount or 0
            if self._inbox_retention is not None:
                # Long enough that no redelivery can still arrive for an event this old.
                result = await session.execute(
                    delete(inbox).where(inbox.c.processed_at < now - self._inbox_retention)
                )
                deleted += result.rowcount or 0
        return deleted
