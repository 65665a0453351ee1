"""Two senders (replicas) never claim the same mail: SKIP LOCKED on PostgreSQL, one writer on
SQLite; a claim whose sender died is taken over once its lease ran out."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from hausportal.kit.db import create_engine, create_sessionmaker
from hausportal.kit.migrations import upgrade
from hausportal.notify.mails import repository
from hausportal.notify.models import MailKind, MailStatus, recipient_key

NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
LEASE = timedelta(minutes=10)


@pytest.fixture
async def sessions(database_url: str) -> AsyncIterator[async_sessionmaker[AsyncSession]]:
    url = database_url
    await asyncio.to_thread(upgrade, package="hausportal.notify", database_url=url)
    engine = create_engine(url, schema="notify")
    yield create_sessionmaker(engine)
    await engine.dispose()


async def queue_mails(sessions: async_sessionmaker[AsyncSession], count: int) -> None:
    account, event = uuid.uuid4(), uuid.uuid4()
    contacts = [uuid.uuid4() for _ in range(count)]
    rows = [
        {
            "id": uuid.uuid4(),
            "account_id": account,
            "source_event_id": event,
            "kind": MailKind.document.value,
            "recipient": recipient_key(contact_id=contacts[i]),
            "contact_id": contacts[i],
            "to_address": f"m{i}@example.test",
            "to_name": f"M {i}",
            "subject": "Neues Dokument: Test",
            "text_body": "text",
            "html_body": "<p>html</p>",
            "status": MailStatus.pending.value,
            "attempts": 0,
            "next_attempt_at": NOW,
            "created_at": NOW,
        }
        for i in range(count)
    ]
    async with sessions() as session, session.begin():
        assert await repository.queue(session, mails=rows) == count
        # The same rows again (a job that ran twice): nothing new.
        assert await repository.queue(session, mails=rows) == 0


async def test_two_senders_claim_different_mails(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    await queue_mails(sessions, 10)
    backend = sessions.kw["bind"].dialect.name
    if backend == "postgresql":
        # Both transactions open at once: the second skips the rows the first has locked.
        async with sessions() as first, first.begin(), sessions() as second, second.begin():
            a = await repository.claim_due(first, now=NOW, lease_until=NOW + LEASE, limit=6)
            b = await repository.claim_due(second, now=NOW, lease_until=NOW + LEASE, limit=6)
    else:
        async with sessions() as first, first.begin():
            a = await repository.claim_due(first, now=NOW, lease_until=NOW + LEASE, limit=6)
        async with sessions() as second, second.begin():
            b = await repository.claim_due(second, now=NOW, lease_until=NOW + LEASE, limit=6)
    assert len(a) == 6
    assert len(b) == 4
    assert not {m.id for m in a} & {m.id for m in b}
    assert all(m.attempts == 1 and m.status == "sending" for m in [*a, *b])


async def test_a_claim_is_taken_over_only_after_its_lease_ran_out(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    await queue_mails(sessions, 1)
    async with sessions() as session, session.begin():
        [mail] = await repository.claim_due(session, now=NOW, lease_until=NOW + LEASE, limit=5)
    later = NOW + LEASE - timedelta(seconds=1)
    async with sessions() as session, session.begin():
        assert await repository.claim_due(session, now=later, lease_until=later, limit=5) == []
    after = NOW + LEASE + timedelta(seconds=1)
    async with sessions() as session, session.begin():
        [again] = await repository.claim_due(session, now=after, lease_until=after + LEASE, limit=5)
    assert again.id == mail.id
    assert again.attempts == 2
