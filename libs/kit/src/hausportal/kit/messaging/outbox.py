"""Writing events into the outbox, inside the caller's transaction."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from opentelemetry import propagate
from sqlalchemy import event as sa_event
from sqlalchemy import insert
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session

from hausportal.contracts.envelope import Event
from hausportal.kit.messaging.tables import MessagingTables, utcnow

_WAKE_PENDING = "hausportal.outbox.wake_pending"


class Outbox:
    """``await outbox.add(session, event)``: the event is published if and when that commits."""

    def __init__(self, tables: MessagingTables) -> None:
        self.tables = tables

    async def add(self, session: AsyncSession, event: Event, *, topic: str | None = None) -> None:
        """Insert the event in the session's transaction; never flushes others, never commits.

        ``topic`` defaults to the event class's contract topic; deployment overrides of topic
        names are applied by the relay when it publishes.
        """
        await session.execute(insert(self.tables.outbox).values(self._row(event, topic)))
        self._wake_relays_after_commit(session.sync_session)

    async def add_many(self, session: AsyncSession, events: Sequence[Event]) -> None:
        """Like ``add`` for many events in one statement (an import's thousands), in order."""
        if not events:
            return
        await session.execute(
            insert(self.tables.outbox), [self._row(event, None) for event in events]
        )
        self._wake_relays_after_commit(session.sync_session)

    @staticmethod
    def _row(event: Event, topic: str | None) -> dict[str, Any]:
        if topic is None:
            topic = getattr(type(event), "topic", None)
            if topic is None:
                raise ValueError(f"{type(event).__name__} is registered on no topic")
        headers: dict[str, str] = {}
        # The current trace context (the request that causes the event) travels with the row,
        # so the consumer's span joins this trace however late the relay publishes.
        propagate.inject(headers)
        return {
            "event_id": event.id,
            "topic": topic,
            "key": event.key.decode(),
            "payload": event.model_dump_json(),
            "headers": headers,
            "created_at": utcnow(),
        }

    def _wake_relays_after_commit(self, session: Session) -> None:
        if session.info.get(_WAKE_PENDING):
            return
        session.info[_WAKE_PENDING] = True

        def after_commit(committed: Session) -> None:
            committed.info.pop(_WAKE_PENDING, None)
            self.tables.wake_relays()

        sa_event.listen(session, "after_commit", after_commit, once=True)
