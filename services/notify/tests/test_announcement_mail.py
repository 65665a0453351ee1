"""Messages and appointments with "notify recipients": an e-mail to exactly the registered
contacts who can see them, delivered to the real SMTP capture server."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from typing import TYPE_CHECKING

import pytest

from hausportal.notify.notifications.worker import expand_notifications_once

if TYPE_CHECKING:
    from conftest import Maildev, Neighbourhood, NotifyApp, StartApp

pytestmark = pytest.mark.smtp

START_PAGE = "https://portal.example.test/portal/start"


def addresses(received: list[dict]) -> list[str]:  # type: ignore[type-arg]
    return sorted(to["address"] for message in received for to in message["to"])


async def settled(notify: NotifyApp, *, seconds: float = 0.8) -> None:
    """Long enough for the settle time (0.2 s), a worker round and a send round."""
    await asyncio.sleep(seconds)


async def test_a_message_with_notify_reaches_exactly_the_registered_contacts_who_can_see_it(
    start_app: StartApp, maildev: Maildev, hood: Neighbourhood, database_url: str
) -> None:
    e = hood.estate
    message = e.world.message(
        "Wasserabstellung am Montag",
        text="Liebe Bewohner,\n\nam Montag ist von 8 bis 12 Uhr <b>kein</b> Wasser.",
        property_ids=(e.linden,),
        contact_ids=(hood.leaver.contact_id, hood.gone.contact_id, e.stranger.contact_id),
        attachment_names=("aushang.pdf",),
    )
    smtp = maildev.server
    async with start_app(
        smtp_host=smtp.host, smtp_port=smtp.port, database_url=database_url
    ) as notify:
        await notify.apply(*hood.events)
        await notify.publish(message)
        expected = sorted(p.email for p in (e.erika, e.jonas, e.owner, hood.resident, hood.leaver))
        mails = await notify.wait_for_mails(e.world.account_id, count=len(expected))

        received = await maildev.messages_to(hood.everyone)
        # Tenants and the owner with an active contract, the resident, the contact named
        # while in its post-contract window. Not: unregistered, former tenant, no address,
        # another property, named after its window, another account's contact.
        assert addresses(received) == expected
        assert sorted(m["to_address"] for m in mails) == expected
        assert {m["kind"] for m in mails} == {"message"}
        assert {m["item_id"] for m in mails} == {str(message.payload.announcement_id)}
        for mail in received:
            assert mail["subject"] == "Neue Mitteilung: Wasserabstellung am Montag"
            assert mail["attachments"] in (None, [])
            text, html = mail["text"], mail["html"]
            assert "am Montag ist von 8 bis 12 Uhr <b>kein</b> Wasser." in text
            assert "am Montag ist von 8 bis 12 Uhr &lt;b&gt;kein&lt;/b&gt; Wasser." in html
            assert "<b>kein</b>" not in html
            for part in (text, html):
                assert "Hausverwaltung Sonnenschein GmbH" in part
                assert "Wasserabstellung am Montag" in part
                assert START_PAGE in part
                assert "Anhänge finden Sie im Portal" in part
                assert "aushang.pdf" not in part
        greetings = {m["to"][0]["address"]: m["text"].splitlines()[0] for m in received}
        assert greetings[hood.resident.email] == "Guten Tag Rita Bewohnerin,"

        # Nothing after the first round: the event again, its job again, a second
        # "published" of the same message (editing publishes none; were one sent, it is
        # still announced once).
        republished = e.world.message(
            "Wasserabstellung am Montag (korrigiert)", property_ids=(e.linden,)
        )
        republished = republished.model_copy(
            update={
                "payload": republished.payload.model_copy(
                    update={"announcement_id": message.payload.announcement_id}
                )
            }
        )
        await notify.apply(message, republished)
        await expand_notifications_once(notify.runtime)
        await settled(notify)
        assert (await notify.mails(e.world.account_id))["total"] == len(expected)
        assert addresses(await maildev.messages_to(hood.everyone)) == expected


async def test_a_message_to_several_properties_and_a_named_contact_of_one_goes_once_each(
    start_app: StartApp, maildev: Maildev, hood: Neighbourhood
) -> None:
    e = hood.estate
    message = e.world.message(
        "Neue Hausmeisterin",
        property_ids=(e.linden, e.birken),
        contact_ids=(e.erika.contact_id,),
    )
    smtp = maildev.server
    async with start_app(smtp_host=smtp.host, smtp_port=smtp.port) as notify:
        await notify.apply(*hood.events)
        await notify.publish(message)
        expected = sorted(p.email for p in (e.erika, e.jonas, e.owner, hood.resident, e.elsewhere))
        await notify.wait_for_mails(e.world.account_id, count=len(expected))
        await settled(notify)

        assert addresses(await maildev.messages_to(hood.everyone)) == expected


async def test_an_appointment_without_notify_sends_nothing(
    start_app: StartApp, maildev: Maildev, hood: Neighbourhood
) -> None:
    e = hood.estate
    quiet = e.world.appointment(
        "Begehung Dachboden",
        starts_at=datetime(2026, 5, 4, 8, 0, tzinfo=UTC),
        property_ids=(e.linden,),
    )
    # One account's events stay in order: once the sentinel is out, the quiet one is done.
    sentinel = e.world.message("Sentinel", contact_ids=(e.erika.contact_id,))
    smtp = maildev.server
    async with start_app(smtp_host=smtp.host, smtp_port=smtp.port) as notify:
        await notify.apply(*hood.events)
        await notify.publish(quiet, sentinel)
        await notify.wait_for_mails(e.world.account_id, count=1)
        await settled(notify)

        received = await maildev.messages_to(hood.everyone)
        assert [m["subject"] for m in received] == ["Neue Mitteilung: Sentinel"]
        assert (await notify.mails(e.world.account_id, kind="appointment"))["total"] == 0


async def test_an_appointment_with_notify_shows_the_time_in_berlin_on_both_sides_of_the_switch(
    start_app: StartApp, maildev: Maildev, hood: Neighbourhood
) -> None:
    e = hood.estate
    # 18:00 to 20:00 in Berlin both evenings: UTC+1 on Saturday, UTC+2 from Sunday 02:00.
    winter = e.world.appointment(
        "Eigentümerversammlung",
        starts_at=datetime(2026, 3, 28, 17, 0, tzinfo=UTC),
        ends_at=datetime(2026, 3, 28, 19, 0, tzinfo=UTC),
        place="Gemeindesaal, Kirchplatz 1",
        text="Tagesordnung folgt.",
        contact_ids=(e.erika.contact_id,),
        notify=True,
    )
    summer = e.world.appointment(
        "Beiratssitzung",
        starts_at=datetime(2026, 3, 29, 16, 0, tzinfo=UTC),
        ends_at=datetime(2026, 3, 29, 18, 0, tzinfo=UTC),
        contact_ids=(e.erika.contact_id,),
        notify=True,
    )
    smtp = maildev.server
    async with start_app(smtp_host=smtp.host, smtp_port=smtp.port) as notify:
        await notify.apply(*hood.events)
        await notify.publish(winter, summer)
        mails = await notify.wait_for_mails(e.world.account_id, count=2)

        assert {m["kind"] for m in mails} == {"appointment"}
        received = {m["subject"]: m for m in await maildev.messages_to({e.erika.email})}
        assert set(received) == {
            "Neuer Termin am 28.03.2026: Eigentümerversammlung",
            "Neuer Termin am 29.03.2026: Beiratssitzung",
        }
        saturday = received["Neuer Termin am 28.03.2026: Eigentümerversammlung"]
        sunday = received["Neuer Termin am 29.03.2026: Beiratssitzung"]
        for part in (saturday["text"], saturday["html"]):
            assert "Samstag, 28. März 2026, 18:00\u201320:00 Uhr" in part
            assert "Gemeindesaal, Kirchplatz 1" in part
            assert "Tagesordnung folgt." in part
            assert START_PAGE in part
        for part in (sunday["text"], sunday["html"]):
            assert "Sonntag, 29. März 2026, 18:00\u201320:00 Uhr" in part
            assert "Wo:" not in part
        assert "Anhänge" not in saturday["text"]


async def test_a_message_deleted_before_the_settle_time_sends_nothing(
    start_app: StartApp, maildev: Maildev, hood: Neighbourhood
) -> None:
    e = hood.estate
    regretted = e.world.message("Versehentlich veröffentlicht", property_ids=(e.linden,))
    sentinel = e.world.message("Richtige Mitteilung", contact_ids=(e.erika.contact_id,))
    smtp = maildev.server
    async with start_app(
        smtp_host=smtp.host, smtp_port=smtp.port, notify_settle_seconds=1.0
    ) as notify:
        await notify.apply(*hood.events)
        await notify.publish(regretted, e.world.announcement_deleted(regretted), sentinel)
        await notify.wait_for_mails(e.world.account_id, count=1)
        await settled(notify)

        received = await maildev.messages_to(hood.everyone)
        assert [m["subject"] for m in received] == ["Neue Mitteilung: Richtige Mitteilung"]
        assert (await notify.mails(e.world.account_id))["total"] == 1


async def test_mails_of_a_deleted_appointment_not_yet_sent_are_cancelled(
    start_app: StartApp, hood: Neighbourhood, closed_port: object
) -> None:
    e = hood.estate
    appointment = e.world.appointment(
        "Ablesung Heizkosten",
        starts_at=datetime(2026, 11, 2, 7, 0, tzinfo=UTC),
        property_ids=(e.linden,),
        notify=True,
    )
    async with start_app(smtp_port=closed_port()) as notify:  # type: ignore[operator]
        account = e.world.account_id
        await notify.apply(*hood.events)
        await notify.publish(appointment)
        waiting = await notify.wait_for_mails(account, count=4, status="pending")
        assert all(m["kind"] == "appointment" for m in waiting)

        await notify.apply(e.world.announcement_deleted(appointment))
        # Also those the sender held at that moment: their failed attempt is not retried.
        cancelled = await notify.wait_for_mails(account, count=4, status="cancelled")
        assert {m["item_id"] for m in cancelled} == {str(appointment.payload.announcement_id)}
        await asyncio.sleep(0.5)
        after = (await notify.mails(account))["items"]
        assert {m["status"] for m in after} == {"cancelled"}
        assert {m["attempts"] for m in after} == {m["attempts"] for m in cancelled}
