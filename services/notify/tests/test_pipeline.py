"""The one pipeline under every mail: jobs claimed when due, composed by their kind's
composer, one failing job not holding up the others; and migration 0004 keeping what 0003
had queued."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from hausportal.kit.db import create_engine, create_sessionmaker
from hausportal.kit.migrations import downgrade, upgrade
from hausportal.notify.mails.compose import Composed
from hausportal.notify.models import (
    JobKind,
    JobStatus,
    Mail,
    MailKind,
    NotificationJob,
    recipient_key,
)
from hausportal.notify.notifications.composers import COMPOSERS
from hausportal.notify.notifications.documents import DocumentJob
from hausportal.notify.notifications.service import ComposeContext, Draft, expand_due

NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
CONTEXT = ComposeContext(now=NOW, on=NOW.date(), portal_url="https://p.example.test")


@pytest.fixture
async def sessions(database_url: str) -> AsyncIterator[async_sessionmaker[AsyncSession]]:
    await asyncio.to_thread(upgrade, package="hausportal.notify", database_url=database_url)
    engine = create_engine(database_url, schema="notify")
    yield create_sessionmaker(engine)
    await engine.dispose()


def job(kind: JobKind, *, due_at: datetime = NOW, title: str = "ok") -> NotificationJob:
    return NotificationJob(
        id=uuid.uuid4(),
        account_id=uuid.uuid4(),
        source_event_id=uuid.uuid4(),
        kind=kind.value,
        item_id=uuid.uuid4(),
        payload={"title": title},
        status=JobStatus.pending.value,
        due_at=due_at,
        created_at=NOW,
    )


async def to_the_address(
    session: AsyncSession, job: NotificationJob, context: ComposeContext
) -> list[Draft]:
    if job.payload["title"] == "boom":
        # Half-done work first: it must not survive the job's failure.
        session.add(
            Mail(
                id=uuid.uuid4(),
                account_id=job.account_id,
                source_event_id=job.source_event_id,
                kind=MailKind.password_reset.value,
                recipient="half@example.test",
                to_address="half@example.test",
                to_name="",
                subject="s",
                text_body="t",
                html_body="h",
                status="pending",
                attempts=0,
                next_attempt_at=NOW,
                created_at=NOW,
            )
        )
        await session.flush()
        raise RuntimeError("a composer bug")
    address = f"{job.payload['title']}@example.test"
    composed = Composed(subject="Betreff", text="Text", html="<p>HTML</p>")
    return [
        Draft(
            kind=MailKind.password_reset,
            recipient=recipient_key(address=address),
            to_address=address,
            to_name="",
            composed=composed,
        )
    ]


async def test_every_job_kind_has_a_composer() -> None:
    assert set(COMPOSERS) == set(JobKind)


async def test_a_job_whose_composer_fails_is_marked_failed_and_the_others_go_on(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    first, broken, last = (
        job(JobKind.password_reset, title="erste", due_at=NOW - timedelta(seconds=3)),
        job(JobKind.password_reset, title="boom", due_at=NOW - timedelta(seconds=2)),
        job(JobKind.password_reset, title="letzte", due_at=NOW - timedelta(seconds=1)),
    )
    later = job(JobKind.password_reset, title="spaeter", due_at=NOW + timedelta(seconds=1))
    # A kind this code has no composer for (a newer release's) is left waiting.
    unknown = job(JobKind.invitation, title="neu")
    async with sessions() as session, session.begin():
        session.add_all([first, broken, last, later, unknown])
    async with sessions() as session, session.begin():
        queued = await expand_due(
            session, composers={JobKind.password_reset: to_the_address}, context=CONTEXT
        )
    assert queued == 2
    async with sessions() as session:
        statuses: dict[uuid.UUID, str] = dict(
            (await session.execute(sa.select(NotificationJob.id, NotificationJob.status))).all()
        )
        recipients = set(await session.scalars(sa.select(Mail.recipient)))
    assert statuses == {
        first.id: "done",
        broken.id: "failed",
        last.id: "done",
        later.id: "pending",
        unknown.id: "pending",
    }
    assert recipients == {"erste@example.test", "letzte@example.test"}


# --- migration 0004 -----------------------------------------------------------------------


async def _execute(url: str, *statements: sa.Executable) -> list[sa.Row]:  # type: ignore[type-arg]
    engine = create_engine(url, schema="notify")
    rows: list[sa.Row] = []  # type: ignore[type-arg]
    try:
        async with engine.begin() as connection:
            for statement in statements:
                result = await connection.execute(statement)
                if result.returns_rows:
                    rows.extend(result.all())
    finally:
        await engine.dispose()
    return rows


async def test_migration_0004_keeps_what_0003_had_queued_and_rolls_back(database_url: str) -> None:
    url = database_url
    await asyncio.to_thread(upgrade, package="hausportal.notify", database_url=url, revision="0003")
    meta = sa.MetaData(schema="notify")
    old_job = sa.Table(
        "notification_job",
        meta,
        *(sa.Column(n, sa.Uuid()) for n in ("id", "account_id", "source_event_id")),
        *(sa.Column(n, sa.Uuid()) for n in ("document_id", "property_id", "unit_id")),
        sa.Column("title", sa.String()),
        sa.Column("audience", sa.JSON()),
        sa.Column("status", sa.String()),
        *(sa.Column(n, sa.DateTime(timezone=True)) for n in ("due_at", "created_at")),
    )
    old_mail = sa.Table(
        "mail",
        meta,
        *(sa.Column(n, sa.Uuid()) for n in ("id", "account_id", "source_event_id")),
        *(sa.Column(n, sa.Uuid()) for n in ("contact_id", "document_id")),
        *(sa.Column(n, sa.String()) for n in ("to_address", "to_name", "subject")),
        *(sa.Column(n, sa.String()) for n in ("text_body", "html_body", "status")),
        sa.Column("attempts", sa.Integer()),
        *(sa.Column(n, sa.DateTime(timezone=True)) for n in ("next_attempt_at", "created_at")),
    )
    account, event, document, property_, contact = (uuid.uuid4() for _ in range(5))
    audience = {"groups": ["tenants"], "internal": False, "contact_id": None}
    await _execute(
        url,
        old_job.insert().values(
            id=uuid.uuid4(),
            account_id=account,
            source_event_id=event,
            document_id=document,
            property_id=property_,
            unit_id=None,
            title="Hausordnung",
            audience=audience,
            status="pending",
            due_at=NOW,
            created_at=NOW,
        ),
        old_mail.insert().values(
            id=uuid.uuid4(),
            account_id=account,
            source_event_id=event,
            contact_id=contact,
            document_id=document,
            to_address="erika@example.test",
            to_name="Erika",
            subject="Neues Dokument: Hausordnung",
            text_body="t",
            html_body="h",
            status="sent",
            attempts=1,
            next_attempt_at=NOW,
            created_at=NOW,
        ),
    )

    await asyncio.to_thread(upgrade, package="hausportal.notify", database_url=url)
    [migrated_job] = await _execute(url, sa.select(NotificationJob))
    assert (migrated_job.kind, migrated_job.item_id) == ("document", document)
    assert DocumentJob.model_validate(migrated_job.payload) == DocumentJob(
        property_id=property_, unit_id=None, title="Hausordnung", audience=audience
    )
    [migrated_mail] = await _execute(url, sa.select(Mail))
    assert migrated_mail.kind == "document"
    assert migrated_mail.recipient == recipient_key(contact_id=contact)
    assert (migrated_mail.contact_id, migrated_mail.item_id) == (contact, document)

    # A mail to a bare address cannot go back to 0003; the document's mail and job can.
    address_mail = {c.name: getattr(migrated_mail, c.name) for c in Mail.__table__.columns} | {
        "id": uuid.uuid4(),
        "kind": "password_reset",
        "recipient": "x@example.test",
        "contact_id": None,
        "item_id": None,
    }
    await _execute(url, sa.insert(Mail).values(address_mail))
    await asyncio.to_thread(
        downgrade, package="hausportal.notify", database_url=url, revision="0003"
    )
    [back_job] = await _execute(url, sa.select(old_job))
    assert (back_job.document_id, back_job.property_id, back_job.title) == (
        document,
        property_,
        "Hausordnung",
    )
    [back_mail] = await _execute(url, sa.select(old_mail))
    assert (back_mail.contact_id, back_mail.document_id) == (contact, document)
