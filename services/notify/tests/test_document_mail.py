"""Immediate e-mail for a published document, delivered to the real SMTP capture server."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Callable
from typing import TYPE_CHECKING

import pytest
from sqlalchemy import update

from hausportal.contracts.documents import Audience, Group
from hausportal.notify.models import JobStatus, NotificationJob
from hausportal.notify.notifications.worker import expand_notifications_once

if TYPE_CHECKING:
    from conftest import Estate, Eventually, Maildev, StartApp

pytestmark = pytest.mark.smtp


async def test_tenants_with_an_active_contract_and_a_login_get_one_german_mail(
    start_app: StartApp, maildev: Maildev, estate: Estate, database_url: str
) -> None:
    smtp = maildev.server
    async with start_app(
        smtp_host=smtp.host, smtp_port=smtp.port, database_url=database_url
    ) as notify:
        document = estate.for_tenants("Nebenkostenabrechnung 2025")
        await notify.apply(*estate.events)
        await notify.publish(document)
        await notify.wait_for_mails(estate.world.account_id, count=2)

        received = await maildev.messages_to(estate.everyone)
        assert sorted(to["address"] for m in received for to in m["to"]) == sorted(
            [estate.erika.email, estate.jonas.email]
        )
        link = f"https://portal.example.test/portal/dokumente/{document.payload.document_id}"
        for message in received:
            assert message["subject"] == "Neues Dokument: Nebenkostenabrechnung 2025"
            assert message["from"] == [{"address": "noreply@hausportal.test", "name": "Hausportal"}]
            assert message["attachments"] in (None, [])
            text, html = message["text"], message["html"]
            for part in (text, html):
                assert "Hausverwaltung Sonnenschein GmbH" in part
                assert "Nebenkostenabrechnung 2025" in part
                assert "Lindenstraße 5" in part
                assert link in part
                assert "neues Dokument" in part
            assert "abrechnung.pdf" not in text + html
            assert message["headers"]["message-id"].endswith("@hausportal.test>")
        greetings = {m["to"][0]["address"]: m["text"].splitlines()[0] for m in received}
        assert greetings[estate.erika.email] == "Guten Tag Erika Mustermann,"


async def test_the_same_event_twice_sends_one_mail_per_recipient(
    start_app: StartApp, maildev: Maildev, estate: Estate
) -> None:
    smtp = maildev.server
    async with start_app(smtp_host=smtp.host, smtp_port=smtp.port) as notify:
        document = estate.for_tenants("Hausordnung")
        await notify.apply(*estate.events)
        await notify.publish(document, document)
        await notify.wait_for_mails(estate.world.account_id, count=2)

        # The job runs again (a replica that crashed after queueing): no second mail.
        async with notify.runtime.sessionmaker() as session, session.begin():
            await session.execute(
                update(NotificationJob)
                .where(NotificationJob.source_event_id == document.id)
                .values(status=JobStatus.pending.value)
            )
        assert await expand_notifications_once(notify.runtime) == 0
        await asyncio.sleep(0.3)

        page = await notify.mails(estate.world.account_id)
        assert page["total"] == 2
        received = await maildev.messages_to(estate.everyone)
        assert sorted(to["address"] for m in received for to in m["to"]) == sorted(
            [estate.erika.email, estate.jonas.email]
        )


async def test_notify_now_off_sends_nothing(
    start_app: StartApp, maildev: Maildev, estate: Estate
) -> None:
    smtp = maildev.server
    async with start_app(smtp_host=smtp.host, smtp_port=smtp.port) as notify:
        quiet = estate.for_tenants("Protokoll ohne E-Mail", notify_now=False)
        # The same account's events stay in order: once the second is out, the first is done.
        loud = estate.for_tenants("Protokoll mit E-Mail")
        await notify.apply(*estate.events)
        await notify.publish(quiet, loud)
        await notify.wait_for_mails(estate.world.account_id, count=2)

        received = await maildev.messages_to(estate.everyone)
        assert {m["subject"] for m in received} == {"Neues Dokument: Protokoll mit E-Mail"}
        assert len(received) == 2


async def test_an_individually_shared_document_reaches_only_that_contact(
    start_app: StartApp, maildev: Maildev, estate: Estate
) -> None:
    smtp = maildev.server
    async with start_app(smtp_host=smtp.host, smtp_port=smtp.port) as notify:
        letter = estate.world.published(
            "Ihre Mieterhöhung",
            property_id=estate.linden,
            audience=Audience(contact_id=estate.erika.contact_id),
        )
        await notify.apply(*estate.events)
        await notify.publish(letter)
        mails = await notify.wait_for_mails(estate.world.account_id, count=1)
        await asyncio.sleep(0.3)

        assert [m["contact_id"] for m in mails] == [str(estate.erika.contact_id)]
        received = await maildev.messages_to(estate.everyone)
        assert [m["to"][0]["address"] for m in received] == [estate.erika.email]


async def test_a_document_deleted_before_the_settle_time_sends_nothing(
    start_app: StartApp, maildev: Maildev, estate: Estate
) -> None:
    smtp = maildev.server
    async with start_app(
        smtp_host=smtp.host, smtp_port=smtp.port, notify_settle_seconds=1.0
    ) as notify:
        regretted = estate.for_tenants("Versehentlich hochgeladen")
        sentinel = estate.for_tenants("Richtiges Dokument")
        await notify.apply(*estate.events)
        await notify.publish(regretted, estate.world.deleted(regretted), sentinel)
        await notify.wait_for_mails(estate.world.account_id, count=2)

        received = await maildev.messages_to(estate.everyone)
        assert {m["subject"] for m in received} == {"Neues Dokument: Richtiges Dokument"}
        assert (await notify.mails(estate.world.account_id))["total"] == 2


async def test_while_smtp_is_down_nothing_is_lost_and_nothing_sent_twice_once_it_is_back(
    start_app: StartApp,
    maildev: Maildev,
    estate: Estate,
    eventually: Eventually,
    closed_port: Callable[[], int],
) -> None:
    smtp = maildev.server
    async with start_app(smtp_host=smtp.host, smtp_port=closed_port()) as notify:
        await notify.apply(*estate.events)
        await notify.publish(estate.for_tenants("Wartungstermin Heizung"))
        account = estate.world.account_id

        async def retried() -> bool:
            items = (await notify.mails(account))["items"]
            return len(items) == 2 and all(m["attempts"] >= 3 for m in items)

        await eventually(retried)
        items = (await notify.mails(account))["items"]
        assert {m["status"] for m in items} <= {"pending", "sending"}
        assert all(m["last_error"] for m in items if m["status"] == "pending")
        assert await maildev.messages_to(estate.everyone) == []

        notify.use_settings(smtp_port=smtp.port)
        sent = await notify.wait_for_mails(account, count=2)
        await asyncio.sleep(0.5)

        assert all(m["attempts"] >= 4 and m["sent_at"] for m in sent)
        received = await maildev.messages_to(estate.everyone)
        assert sorted(m["to"][0]["address"] for m in received) == sorted(
            [estate.erika.email, estate.jonas.email]
        )


async def test_staff_list_the_mails_of_their_own_account_only(
    start_app: StartApp, maildev: Maildev, estate: Estate
) -> None:
    smtp = maildev.server
    async with start_app(smtp_host=smtp.host, smtp_port=smtp.port) as notify:
        document = estate.for_tenants("Einladung Eigentümerversammlung")
        other_document = estate.other.published(
            "Nur für die andere Verwaltung",
            property_id=estate.other.events[1].payload.property_id,  # type: ignore[attr-defined]
            audience=Audience(groups=frozenset({Group.tenants})),
        )
        await notify.apply(*estate.events)
        await notify.publish(document, other_document)
        await notify.wait_for_mails(estate.world.account_id, count=2)
        await notify.wait_for_mails(estate.other.account_id, count=1)

        page = await notify.mails(estate.world.account_id)
        assert page["total"] == 2
        assert {m["to_address"] for m in page["items"]} == {estate.erika.email, estate.jonas.email}
        first = page["items"][0]
        assert first["subject"] == "Neues Dokument: Einladung Eigentümerversammlung"
        assert first["status"] == "sent"
        assert first["attempts"] == 1
        assert first["source_event_id"] == str(document.id)
        assert first["created_at"]
        assert first["sent_at"]

        only_erika = await notify.mails(
            estate.world.account_id, contact_id=str(estate.erika.contact_id)
        )
        assert [m["to_address"] for m in only_erika["items"]] == [estate.erika.email]
        assert (await notify.mails(estate.world.account_id, status="failed"))["total"] == 0
        paged = await notify.mails(estate.world.account_id, limit=1, offset=1)
        assert (paged["total"], len(paged["items"]), paged["offset"]) == (2, 1, 1)

        theirs = await notify.mails(estate.other.account_id)
        assert [m["to_address"] for m in theirs["items"]] == [estate.stranger.email]
        nobody = await notify.mails(uuid.uuid4())
        assert nobody == {"items": [], "total": 0, "limit": 50, "offset": 0}
