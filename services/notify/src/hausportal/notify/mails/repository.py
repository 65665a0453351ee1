"""Queries of the mail table."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import and_, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from hausportal.kit.db import upsert_insert
from hausportal.notify.models import Mail, MailKind, MailStatus


async def queue(session: AsyncSession, *, mails: Sequence[dict[str, Any]]) -> int:
    """Insert the mails; one that exists for its (event, recipient) is left alone."""
    if not mails:
        return 0
    statement = (
        upsert_insert(session)(Mail)
        .values(list(mails))
        .on_conflict_do_nothing(index_elements=["source_event_id", "recipient"])
        .returning(Mail.id)
    )
    return len((await session.execute(statement)).all())


async def claim_due(
    session: AsyncSession, *, now: datetime, lease_until: datetime, limit: int
) -> list[Mail]:
    """Mails due for an attempt, marked ``sending`` until ``lease_until`` and counted.

    On PostgreSQL the rows are locked with SKIP LOCKED, so two replicas claiming at the same
    time get different mails; on SQLite the transaction holds the only write lock. A mail
    whose lease ran out (its sender died mid-send) is due again.
    """
    due = or_(
        and_(Mail.status == MailStatus.pending.value, Mail.next_attempt_at <= now),
        and_(Mail.status == MailStatus.sending.value, Mail.lease_until < now),
    )
    query = (
        select(Mail)
        .where(due)
        .order_by(Mail.next_attempt_at, Mail.id)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    mails = list((await session.scalars(query)).all())
    for mail in mails:
        mail.status = MailStatus.sending.value
        mail.lease_until = lease_until
        # Counted when claimed: a mail that kills its sender still runs out of attempts.
        mail.attempts += 1
    await session.flush()
    return mails


async def mark_sent(session: AsyncSession, *, mail_id: UUID, at: datetime) -> None:
    await session.execute(
        update(Mail)
        .where(Mail.id == mail_id)
        .values(status=MailStatus.sent.value, sent_at=at, lease_until=None, last_error=None)
    )


async def mark_attempt_failed(
    session: AsyncSession,
    *,
    mail_id: UUID,
    error: str,
    retry_at: datetime | None,
) -> None:
    """Back to pending until ``retry_at``; ``None``: given up (failed)."""
    values: dict[str, Any] = {"last_error": error[:2000], "lease_until": None}
    if retry_at is None:
        values["status"] = MailStatus.failed.value
    else:
        values |= {"status": MailStatus.pending.value, "next_attempt_at": retry_at}
    await session.execute(
        update(Mail)
        .where(Mail.id == mail_id, Mail.status == MailStatus.sending.value)
        .values(**values)
    )


async def cancel_unsent_for_item(
    session: AsyncSession, *, account_id: UUID, item_id: UUID, kinds: Iterable[MailKind]
) -> int:
    """Mails about the item that have not gone out are not sent.

    One a sender holds at this moment is cancelled too: if the server takes it, the sender
    records it as sent (which it is); if the attempt fails, it is not retried (a failed
    attempt only returns a mail that is still ``sending`` to ``pending``).
    """
    result = await session.execute(
        update(Mail)
        .where(
            Mail.account_id == account_id,
            Mail.item_id == item_id,
            Mail.kind.in_([kind.value for kind in kinds]),
            Mail.status.in_([MailStatus.pending.value, MailStatus.sending.value]),
        )
        .values(status=MailStatus.cancelled.value)
        .returning(Mail.id)
    )
    return len(result.all())


async def list_for_account(
    session: AsyncSession,
    *,
    account_id: UUID,
    contact_id: UUID | None,
    status: MailStatus | None,
    kind: MailKind | None,
    limit: int,
    offset: int,
) -> tuple[list[Mail], int]:
    conditions = [Mail.account_id == account_id]
    if contact_id is not None:
        conditions.append(Mail.contact_id == contact_id)
    if status is not None:
        conditions.append(Mail.status == status.value)
    if kind is not None:
        conditions.append(Mail.kind == kind.value)
    total = await session.scalar(select(func.count()).select_from(Mail).where(*conditions))
    rows = await session.scalars(
        select(Mail)
        .where(*conditions)
        .order_by(Mail.created_at.desc(), Mail.id)
        .limit(limit)
        .offset(offset)
    )
    return list(rows.all()), int(total or 0)
