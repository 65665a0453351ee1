"""The one way an event becomes e-mail: a job now, its mails from the job kind's composer later.

An event handler records a job (``record``) with what its composer will need and when it is
due; the notification worker claims due jobs, asks each kind's composer for the mails
(``expand_due``) and queues them, unique per (event, recipient); the sender delivers them.
Recipients are chosen when the job runs, not when the event came, so directory events that
arrived within the settle time count.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Awaitable, Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from hausportal.contracts.envelope import Event
from hausportal.notify.mails import repository as mails
from hausportal.notify.mails.compose import Composed
from hausportal.notify.models import JobKind, JobStatus, MailKind, MailStatus, NotificationJob
from hausportal.notify.notifications import repository as jobs

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True, kw_only=True)
class ComposeContext:
    """What a composer may know beyond its job: the time and where the portal is."""

    now: datetime
    on: date  # the day in Germany: what contract dates and access windows are compared with
    portal_url: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Draft:
    """One e-mail a composer wants sent."""

    kind: MailKind
    # recipient_key(): unique per event, so a job that runs twice queues nothing new.
    recipient: str
    to_address: str
    to_name: str
    composed: Composed
    contact_id: UUID | None = None


# A job kind's composer: the job's mails, from the read model as it is now.
Composer = Callable[[AsyncSession, NotificationJob, ComposeContext], Awaitable[list[Draft]]]


async def record(
    session: AsyncSession,
    *,
    event: Event,
    kind: JobKind,
    item_id: UUID | None,
    payload: Mapping[str, Any],
    now: datetime,
    due_at: datetime,
) -> bool:
    """A job for ``event``; False if the event already has one (it came again)."""
    return await jobs.add(
        session,
        job={
            "id": uuid.uuid4(),
            "account_id": event.account_id,
            "source_event_id": event.id,
            "kind": kind.value,
            "item_id": item_id,
            "payload": dict(payload),
            "status": JobStatus.pending.value,
            "due_at": due_at,
            "created_at": now,
        },
    )


async def cancel_for_item(
    session: AsyncSession,
    *,
    account_id: UUID,
    item_id: UUID,
    job_kinds: Iterable[JobKind],
    mail_kinds: Iterable[MailKind],
    now: datetime,
) -> None:
    """A deleted item is announced to nobody: its waiting jobs and unsent mails stop."""
    await jobs.cancel_pending_for_item(
        session, account_id=account_id, item_id=item_id, kinds=job_kinds, at=now
    )
    await mails.cancel_unsent_for_item(
        session, account_id=account_id, item_id=item_id, kinds=mail_kinds
    )


async def expand_due(
    session: AsyncSession,
    *,
    composers: Mapping[JobKind, Composer],
    context: ComposeContext,
    limit: int = 20,
) -> int:
    """Queue the mails of every due job; returns how many mails were new.

    Each job in its own savepoint: one whose composer raises is marked failed and logged,
    and the others go on (a job that failed every round would hold up every other).
    """
    queued = 0
    for job in await jobs.claim_due(session, now=context.now, kinds=composers, limit=limit):
        job_id, kind = job.id, JobKind(job.kind)
        try:
            async with session.begin_nested():
                drafts = await composers[kind](session, job, context)
                new = await mails.queue(
                    session, mails=[_mail_row(job, draft, now=context.now) for draft in drafts]
                )
        except Exception:
            log.exception("notification job %s (%s) failed; its mails are not sent", job_id, kind)
            job.status = JobStatus.failed.value
        else:
            queued += new
            job.status = JobStatus.done.value
        job.finished_at = context.now
    await session.flush()
    return queued


def _fit(value: str, length: int) -> str:
    return value if len(value) <= length else value[: length - 1] + "…"


def _mail_row(job: NotificationJob, draft: Draft, *, now: datetime) -> dict[str, Any]:
    return {
        "id": uuid.uuid4(),
        "account_id": job.account_id,
        "source_event_id": job.source_event_id,
        "kind": draft.kind.value,
        "recipient": draft.recipient,
        "contact_id": draft.contact_id,
        "item_id": job.item_id,
        "to_address": draft.to_address,
        "to_name": _fit(draft.to_name, 255),
        "subject": _fit(draft.composed.subject, 500),
        "text_body": draft.composed.text,
        "html_body": draft.composed.html,
        "status": MailStatus.pending.value,
        "attempts": 0,
        "next_attempt_at": now,
        "created_at": now,
    }
