"""Queries of the notification_job table."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import exists, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from hausportal.kit.db import upsert_insert
from hausportal.notify.models import JobKind, JobStatus, NotificationJob


async def add(session: AsyncSession, *, job: dict[str, Any]) -> bool:
    """Record the job; False if its event already has one."""
    statement = (
        upsert_insert(session)(NotificationJob)
        .values(job)
        .on_conflict_do_nothing(index_elements=["source_event_id"])
        .returning(NotificationJob.id)
    )
    return (await session.execute(statement)).first() is not None


async def exists_for_item(
    session: AsyncSession, *, account_id: UUID, item_id: UUID, kinds: Iterable[JobKind]
) -> bool:
    """Whether the item already has a job of one of these kinds, in any state."""
    query = select(
        exists().where(
            NotificationJob.account_id == account_id,
            NotificationJob.item_id == item_id,
            NotificationJob.kind.in_([kind.value for kind in kinds]),
        )
    )
    return bool(await session.scalar(query))


async def claim_due(
    session: AsyncSession, *, now: datetime, kinds: Iterable[JobKind], limit: int
) -> list[NotificationJob]:
    """Pending jobs whose time has come, locked (PostgreSQL: SKIP LOCKED) until the commit.

    Only ``kinds`` (the ones this code can compose): a job of a kind a newer release wrote
    waits for that release instead of blocking the queue.
    """
    query = (
        select(NotificationJob)
        .where(
            NotificationJob.status == JobStatus.pending.value,
            NotificationJob.due_at <= now,
            NotificationJob.kind.in_([kind.value for kind in kinds]),
        )
        .order_by(NotificationJob.due_at, NotificationJob.id)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    return list((await session.scalars(query)).all())


async def cancel_pending_for_item(
    session: AsyncSession,
    *,
    account_id: UUID,
    item_id: UUID,
    kinds: Iterable[JobKind],
    at: datetime,
) -> int:
    result = await session.execute(
        update(NotificationJob)
        .where(
            NotificationJob.account_id == account_id,
            NotificationJob.item_id == item_id,
            NotificationJob.kind.in_([kind.value for kind in kinds]),
            NotificationJob.status == JobStatus.pending.value,
        )
        .values(status=JobStatus.cancelled.value, finished_at=at)
        .returning(NotificationJob.id)
    )
    return len(result.all())
