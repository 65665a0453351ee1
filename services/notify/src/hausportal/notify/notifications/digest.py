"""The daily digest: one e-mail per contact and Berlin day listing the documents that became
visible to it since the last digest, at ``NOTIFY_DIGEST_HOUR`` o'clock in Germany.

- Every published document waits in ``published_document`` from the moment notify received
  it. At the digest time of day D (the latest one that has passed, so a worker that was down
  catches up), each account with documents waiting from before that time gets one digest job
  for D: its key ``digest_key(account, D)`` is the job's unique ``source_event_id``, so two
  replicas or a restart schedule it once; the same transaction marks the waiting documents as
  that job's. A document that commits a moment too late waits for the next day's digest.
- The job's composer (like every other job) decides then, by kit.visibility on the directory
  read model, which contacts can see which of its documents; documents deleted by then are
  left out; contacts whose preference is "digest" get one mail (unique per job and contact),
  nobody gets an empty one.
"""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, date, datetime, time, timedelta
from uuid import UUID

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from hausportal.contracts.documents import Audience
from hausportal.kit.app import Runtime
from hausportal.kit.visibility import BERLIN, SharedItem
from hausportal.notify.context import settings_of
from hausportal.notify.mails.compose import (
    UNKNOWN_PROPERTY,
    DigestEntry,
    DigestNotice,
    compose_document_digest,
    document_link,
)
from hausportal.notify.mails.german import long_date
from hausportal.notify.models import (
    DocumentMode,
    JobKind,
    JobStatus,
    MailKind,
    NotificationJob,
    PublishedDocument,
    directory,
    recipient_key,
)
from hausportal.notify.notifications import repository as jobs
from hausportal.notify.notifications.recipients import reachable, who_can_see
from hausportal.notify.notifications.service import ComposeContext, Draft
from hausportal.notify.preferences import repository as preferences

_DIGEST_KEYS = uuid.UUID("6f1c1e0e-5b7a-4c55-9a49-2a3d1c0d7e11")


def digest_key(*, account_id: UUID, day: date) -> UUID:
    """The digest job's ``source_event_id``: the same for every replica and every restart."""
    return uuid.uuid5(_DIGEST_KEYS, f"{account_id}/{day.isoformat()}")


def latest_digest_time(now: datetime, *, hour: int) -> tuple[date, datetime]:
    """The Berlin day and UTC moment of the latest digest time at or before ``now``.

    On the clock in Germany: 07:00 is 06:00 UTC in winter and 05:00 UTC in summer, on the
    days the clocks change too.
    """
    day = now.astimezone(BERLIN).date()
    moment = datetime.combine(day, time(hour), tzinfo=BERLIN)
    if moment > now:
        day -= timedelta(days=1)
        moment = datetime.combine(day, time(hour), tzinfo=BERLIN)
    return day, moment.astimezone(UTC)


async def accounts_waiting(session: AsyncSession, *, before: datetime) -> list[UUID]:
    rows = await session.scalars(
        select(PublishedDocument.account_id)
        .where(PublishedDocument.digest_job_id.is_(None), PublishedDocument.received_at < before)
        .distinct()
    )
    return list(rows)


async def schedule(
    session: AsyncSession, *, account_id: UUID, day: date, moment: datetime, now: datetime
) -> bool:
    """The account's digest job of ``day`` with the documents waiting from before ``moment``;
    False if the day's digest was scheduled already (by this or another replica)."""
    job_id = uuid.uuid4()
    added = await jobs.add(
        session,
        job={
            "id": job_id,
            "account_id": account_id,
            "source_event_id": digest_key(account_id=account_id, day=day),
            "kind": JobKind.digest.value,
            "item_id": None,
            "payload": {"day": day.isoformat()},
            "status": JobStatus.pending.value,
            "due_at": now,
            "created_at": now,
        },
    )
    if not added:
        return False
    await session.execute(
        update(PublishedDocument)
        .where(
            PublishedDocument.account_id == account_id,
            PublishedDocument.digest_job_id.is_(None),
            PublishedDocument.received_at < moment,
        )
        .values(digest_job_id=job_id)
    )
    return True


async def schedule_digests_once(runtime: Runtime) -> int:
    """One round: the due digest of every account with documents waiting; each account in its
    own transaction. Returns how many were scheduled."""
    now = runtime.clock.now()
    day, moment = latest_digest_time(now, hour=settings_of(runtime).digest_hour)
    async with runtime.sessionmaker() as session:
        accounts = await accounts_waiting(session, before=moment)
    scheduled = 0
    for account_id in accounts:
        async with runtime.sessionmaker() as session, session.begin():
            if await schedule(session, account_id=account_id, day=day, moment=moment, now=now):
                scheduled += 1
    return scheduled


async def schedule_digests(runtime: Runtime) -> None:
    """Worker of the service definition; runs until cancelled."""
    while True:
        await schedule_digests_once(runtime)
        await asyncio.sleep(settings_of(runtime).notify_poll_interval_seconds)


async def compose(
    session: AsyncSession, job: NotificationJob, context: ComposeContext
) -> list[Draft]:
    account_id = job.account_id
    documents = list(
        await session.scalars(
            select(PublishedDocument)
            .where(
                PublishedDocument.account_id == account_id,
                PublishedDocument.digest_job_id == job.id,
                PublishedDocument.deleted_at.is_(None),
            )
            .order_by(PublishedDocument.received_at, PublishedDocument.document_id)
        )
    )
    seen_by: dict[UUID, list[PublishedDocument]] = {}
    contacts = {}
    for document in documents:
        item = SharedItem(
            account_id=account_id,
            property_id=document.property_id,
            unit_id=document.unit_id,
            audience=Audience.model_validate(document.audience),
        )
        for contact in reachable(await who_can_see(session, items=[item], on=context.on)):
            contacts[contact.contact_id] = contact
            seen_by.setdefault(contact.contact_id, []).append(document)
    modes = await preferences.modes(session, account_id=account_id, contact_ids=seen_by)
    wanted = [c for c, mode in modes.items() if mode is DocumentMode.digest]
    if not wanted:
        return []
    brand = await directory.brand(session, account_id=account_id)
    property_names: dict[UUID, str] = {}
    for document in documents:
        if document.property_id not in property_names:
            property_ = await directory.property(
                session, account_id=account_id, property_id=document.property_id
            )
            property_names[document.property_id] = property_.name if property_ else UNKNOWN_PROPERTY
    day = long_date(context.now)
    drafts = []
    for contact_id in sorted(wanted, key=lambda c: (contacts[c].name, str(c))):
        contact = contacts[contact_id]
        entries = [
            DigestEntry(
                title=d.title,
                document_type=d.document_type,
                property_name=property_names[d.property_id],
                link=document_link(portal_url=context.portal_url, document_id=d.document_id),
            )
            for d in seen_by[contact_id]
        ]
        notice = DigestNotice(
            recipient_name=contact.name, account_name=brand.name, day=day, documents=entries
        )
        drafts.append(
            Draft(
                kind=MailKind.document_digest,
                recipient=recipient_key(contact_id=contact_id),
                contact_id=contact_id,
                to_address=contact.email or "",
                to_name=contact.name,
                composed=compose_document_digest(notice, brand=brand),
            )
        )
    return drafts
