"""Queries of the notification_job table."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from hausportal.kit.db import upsert_insert
from hausportal.notify.models import JobStatus, NotificationJob


async def add(session: AsyncSession, *, job: dict[str, Any]) -> bool:
    """Record the job; False if its event already has one."""
    statement = (
        upsert_insert(session)(NotificationJob)
        .values(job)
        .on_conflict_do_nothing(index_elements=["source_event_id"])
        .returning(NotificationJob.id)
    )
    return (await session.execute(statement)).first() is not None


async def claim_due(session: AsyncSession, *, now: datetime, limit: int) -> list[NotificationJob]:
    """Pending jobs whose time has come, locked (PostgreSQL: SKIP LOCKED) until the commit."""
    query = (
        select(NotificationJob)
        .where(NotificationJob.status == JobStatus.pending.value, NotificationJob.due_at <= now)
        .order_by(NotificationJob.due_at, NotificationJob.id)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    return list((await session.scalars(query)).all())


async def cancel_pending_for_document(
    session: AsyncSession, *, account_id: UUID, document_id: UUID, at: datetime
) -> int:
    result = await session.execute(
        update(NotificationJob)
        .where(
            NotificationJob.account_id == account_id,
            NotificationJob.document_id == document_id,
            NotificationJob.status == JobStatus.pending.value,
        )
        .values(status=JobStatus.cancelled.value, finished_at=at)
        .returning(NotificationJob.id)
    )
    return len(result.all())
