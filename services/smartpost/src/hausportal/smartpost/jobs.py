"""Background jobs kept as rows (a split, a download file): the oldest queued one, or one
whose worker's lease ran out, is claimed with a new lease; the worker renews it while it
works, so a job of a replica that died is taken over instead of lost."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any, TypeVar

from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession

QUEUED = "queued"
RUNNING = "running"

J = TypeVar("J")


async def claim_next(
    session: AsyncSession, model: type[J], *, now: datetime, lease: timedelta
) -> J | None:
    """Within the caller's transaction: the job now ``running`` under a new lease, counted as
    one more attempt (``FOR UPDATE SKIP LOCKED``: two workers never take the same job)."""
    table: Any = model
    job = await session.scalar(
        select(model)
        .where(
            or_(
                table.state == QUEUED,
                (table.state == RUNNING) & (table.lease_until < now),
            )
        )
        .order_by(table.created_at, table.id)
        .limit(1)
        .with_for_update(skip_locked=True)
    )
    if job is None:
        return None
    target: Any = job
    target.state = RUNNING
    target.attempts += 1
    target.lease_until = now + lease
    target.started_at = now
    return job
