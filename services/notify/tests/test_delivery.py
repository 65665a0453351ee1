"""Delivery against an in-process SMTP server (aiosmtpd): retries, giving up, the settle time."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from sqlalchemy import select

from hausportal.kit.clock import FixedClock
from hausportal.notify.models import JobStatus, NotificationJob

if TYPE_CHECKING:
    from conftest import Estate, Eventually, StartApp, StartSmtp


async def test_mails_wait_for_a_server_that_comes_up_later_and_go_out_once(
    start_app: StartApp,
    start_smtp: StartSmtp,
    estate: Estate,
    eventually: Eventually,
    closed_port: Callable[[], int],
) -> None:
    port = closed_port()
    async with start_app(smtp_port=port) as notify:
        account = estate.world.account_id
        await notify.apply(*estate.events)
        await notify.publish(estate.for_tenants("Wasserabstellung"))

        async def tried_three_times() -> bool:
            items = (await notify.mails(account))["items"]
            return len(items) == 2 and all(m["attempts"] >= 3 for m in items)

        await eventually(tried_three_times)
        waiting = (await notify.mails(account))["items"]
        assert all(m["status"] in ("pending", "sending") for m in waiting)
        assert any("SMTPConnectError" in (m["last_error"] or "") for m in waiting)
        server = start_smtp(port)
        sent = await notify.wait_for_mails(account, count=2)
        await asyncio.sleep(0.5)

        assert sorted(server.recipients()) == sorted([estate.erika.email, estate.jonas.email])
        assert all(m["attempts"] >= 4 for m in sent)


async def test_a_mail_is_given_up_after_the_maximum_attempts(
    start_app: StartApp, estate: Estate, closed_port: Callable[[], int]
) -> None:
    async with start_app(smtp_port=closed_port(), smtp_max_attempts=3) as notify:
        account = estate.world.account_id
        await notify.apply(*estate.events)
        await notify.publish(estate.for_tenants("Rauchmelderwartung"))
        failed = await notify.wait_for_mails(account, count=2, status="failed")

        assert [m["attempts"] for m in failed] == [3, 3]
        assert all(m["last_error"] and m["sent_at"] is None for m in failed)
        assert (await notify.mails(account, status="pending"))["total"] == 0


async def test_recipients_are_chosen_only_after_the_settle_time(
    start_app: StartApp,
    start_smtp: StartSmtp,
    estate: Estate,
    eventually: Eventually,
    closed_port: Callable[[], int],
) -> None:
    port = closed_port()
    server = start_smtp(port)
    clock = FixedClock(datetime.now(UTC))
    async with start_app(smtp_port=port, notify_settle_seconds=60, clock=clock) as notify:
        document = estate.for_tenants("Treppenhausreinigung")
        await notify.apply(*estate.events)
        await notify.publish(document)

        async def recorded() -> bool:
            async with notify.runtime.sessionmaker() as session:
                job = await session.scalar(
                    select(NotificationJob).where(NotificationJob.source_event_id == document.id)
                )
            return job is not None

        await eventually(recorded)
        # Lena moves in and registers just after the document, within the settle time.
        late = estate.world.tenant(
            "Lena Spät", property_id=estate.linden, unit_id=estate.world.unit(estate.linden, "WE 9")
        )
        await notify.apply(*estate.world.events[-3:])
        await asyncio.sleep(0.3)
        assert (await notify.mails(estate.world.account_id))["total"] == 0

        clock.advance(timedelta(seconds=61))
        await notify.wait_for_mails(estate.world.account_id, count=3)
        assert sorted(server.recipients()) == sorted(
            [estate.erika.email, estate.jonas.email, late.email]
        )
        async with notify.runtime.sessionmaker() as session:
            job = await session.scalar(
                select(NotificationJob).where(NotificationJob.source_event_id == document.id)
            )
        assert job is not None
        assert job.status == JobStatus.done.value


async def test_a_server_that_goes_away_and_comes_back_loses_nothing_and_doubles_nothing(
    start_app: StartApp,
    start_smtp: StartSmtp,
    estate: Estate,
    eventually: Eventually,
    closed_port: Callable[[], int],
) -> None:
    port = closed_port()
    before = start_smtp(port)
    async with start_app(smtp_port=port) as notify:
        account = estate.world.account_id
        await notify.apply(*estate.events)
        await notify.publish(estate.for_tenants("Vor dem Ausfall"))
        await notify.wait_for_mails(account, count=2)
        before.stop()

        # Down: the next mails are tried and kept.
        await notify.publish(estate.for_tenants("Während des Ausfalls"))

        async def kept_trying() -> bool:
            items = (await notify.mails(account, status="pending"))["items"]
            return len(items) == 2 and all(m["attempts"] >= 2 for m in items)

        await eventually(kept_trying)
        after = start_smtp(port)
        sent = await notify.wait_for_mails(account, count=4)
        await asyncio.sleep(0.5)

        assert len(sent) == 4
        assert sorted(before.recipients()) == sorted([estate.erika.email, estate.jonas.email])
        assert sorted(after.recipients()) == sorted([estate.erika.email, estate.jonas.email])
        for person in (estate.erika, estate.jonas):
            assert [m.subject for m in before.messages_to(person.email)] == [
                "Neues Dokument: Vor dem Ausfall"
            ]
            assert [m.subject for m in after.messages_to(person.email)] == [
                "Neues Dokument: Während des Ausfalls"
            ]
