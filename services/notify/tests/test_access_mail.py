"""Invitations and password resets: one German e-mail to exactly the address in the event,
delivered to the real SMTP capture server."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from typing import TYPE_CHECKING

import pytest
from sqlalchemy import update

from hausportal.contracts.directory import StaffRole
from hausportal.contracts.portal import InvitationKind
from hausportal.notify.models import JobStatus, NotificationJob
from hausportal.notify.notifications.worker import expand_notifications_once

if TYPE_CHECKING:
    from conftest import Addresses, Maildev, StartApp, World

pytestmark = pytest.mark.smtp

# 22:30 UTC on 31 March is 00:30 on 1 April in Berlin (summer time, UTC+2).
EXPIRES = datetime(2026, 3, 31, 22, 30, tzinfo=UTC)


async def test_a_contact_invitation_brings_code_link_and_expiry_in_german_to_that_address(
    start_app: StartApp, maildev: Maildev, world: World, address: Addresses, database_url: str
) -> None:
    erika = world.contact("Erika Neu", registered=False)
    bystander = world.contact("Bernd Daneben")
    link = "https://portal.example.test/portal/registrieren?code=K7Q4-M2XD&x=1"
    invitation = world.invitation(
        InvitationKind.contact,
        email=erika.email,
        name="Erika Neu",
        link=link,
        code="K7Q4-M2XD",
        expires_at=EXPIRES,
        contact_id=erika.contact_id,
    )
    smtp = maildev.server
    async with start_app(
        smtp_host=smtp.host, smtp_port=smtp.port, database_url=database_url
    ) as notify:
        await notify.apply(*world.events)
        await notify.publish(invitation)
        [mail] = await notify.wait_for_mails(world.account_id, count=1)

        received = await maildev.messages_to({erika.email, bystander.email, address("x")})
        assert len(received) == 1
        [message] = received
        assert [to["address"] for to in message["to"]] == [erika.email]
        assert (
            message["subject"]
            == "Ihre Einladung zum Hausportal von Hausverwaltung Sonnenschein GmbH"
        )
        assert message["attachments"] in (None, [])
        text, html = message["text"], message["html"]
        assert text.splitlines()[0] == "Guten Tag Erika Neu,"
        for part in (text, html):
            assert "Hausverwaltung Sonnenschein GmbH lädt Sie in das Hausportal ein" in part
            assert "K7Q4-M2XD" in part
            assert "gültig bis 01.04.2026, 00:30 Uhr" in part
        assert link in text
        assert link.replace("&", "&amp;") in html

        assert mail["kind"] == "contact_invitation"
        assert mail["contact_id"] == str(erika.contact_id)
        assert mail["to_address"] == erika.email
        assert mail["item_id"] == str(invitation.payload.invitation_id)
        listed = await notify.mails(world.account_id, contact_id=str(erika.contact_id))
        assert listed["total"] == 1


async def test_the_same_invitation_twice_is_one_e_mail(
    start_app: StartApp, maildev: Maildev, world: World, address: Addresses
) -> None:
    twice = address("Zweimal Eingeladen")
    invitation = world.invitation(
        InvitationKind.contact,
        # Upper case in the event: still the one address, the one recipient.
        email=twice.upper(),
        link="https://portal.example.test/portal/registrieren?code=AAAA-BBBB",
        code="AAAA-BBBB",
        expires_at=EXPIRES,
    )
    smtp = maildev.server
    async with start_app(smtp_host=smtp.host, smtp_port=smtp.port) as notify:
        await notify.apply(*world.events)
        await notify.publish(invitation, invitation)
        await notify.wait_for_mails(world.account_id, count=1)

        # Its job runs again (a replica that crashed after queueing): no second mail.
        async with notify.runtime.sessionmaker() as session, session.begin():
            await session.execute(
                update(NotificationJob)
                .where(NotificationJob.source_event_id == invitation.id)
                .values(status=JobStatus.pending.value)
            )
        assert await expand_notifications_once(notify.runtime) == 0
        await asyncio.sleep(0.5)

        assert (await notify.mails(world.account_id))["total"] == 1
        received = await maildev.messages_to({twice})
        assert len(received) == 1
        # Greeting without a name when the event has none.
        assert received[0]["text"].splitlines()[0] == "Guten Tag,"


async def test_property_and_staff_invitations(
    start_app: StartApp, maildev: Maildev, world: World, address: Addresses
) -> None:
    linden = world.property("Lindenstraße 5")
    own_words, default, staff = (address(n) for n in ("Bewohner A", "Bewohner B", "Neu"))
    property_link = "https://portal.example.test/portal/objekt/t0k3n"
    events = [
        world.invitation(
            InvitationKind.property,
            email=own_words,
            link=property_link,
            property_id=linden,
            text="Liebe Bewohnerinnen und Bewohner,\n\nab sofort gibt es <unser> Hausportal.",
        ),
        world.invitation(
            InvitationKind.property, email=default, link=property_link, property_id=linden
        ),
        world.invitation(
            InvitationKind.staff,
            email=staff,
            name="Nele Neu",
            link="https://portal.example.test/portal/team/beitreten?t=s3cr3t",
            staff_role=StaffRole.admin,
            expires_at=datetime(2026, 12, 4, 9, 15, tzinfo=UTC),  # winter: UTC+1
        ),
    ]
    smtp = maildev.server
    async with start_app(smtp_host=smtp.host, smtp_port=smtp.port) as notify:
        await notify.apply(*world.events)
        await notify.publish(*events)
        mails = await notify.wait_for_mails(world.account_id, count=3)

        assert sorted(m["kind"] for m in mails) == [
            "property_invitation",
            "property_invitation",
            "staff_invitation",
        ]
        assert all(m["contact_id"] is None for m in mails)
        received = {
            m["to"][0]["address"]: m for m in await maildev.messages_to({own_words, default, staff})
        }
        assert len(received) == 3

        mine = received[own_words]
        assert mine["subject"] == "Einladung zum Hausportal: Lindenstraße 5"
        assert mine["text"].startswith(
            "Liebe Bewohnerinnen und Bewohner,\n\nab sofort gibt es <unser> Hausportal."
        )
        assert "ab sofort gibt es &lt;unser&gt; Hausportal." in mine["html"]
        assert "<unser>" not in mine["html"]
        assert "lädt Sie als Bewohnerin oder Bewohner" not in mine["text"]
        for message in (mine, received[default]):
            assert property_link in message["text"]
            assert f'href="{property_link}"' in message["html"]
        assert (
            "Hausverwaltung Sonnenschein GmbH lädt Sie als Bewohnerin oder Bewohner von "
            "Lindenstraße 5" in received[default]["text"]
        )

        team = received[staff]
        assert (
            team["subject"]
            == "Einladung ins Team von Hausverwaltung Sonnenschein GmbH im Hausportal"
        )
        for part in (team["text"], team["html"]):
            assert "Guten Tag Nele Neu," in part
            assert "Administrator/in" in part
            assert "gültig bis 04.12.2026, 10:15 Uhr" in part
        assert "https://portal.example.test/portal/team/beitreten?t=s3cr3t" in team["text"]


async def test_a_password_reset_mail_has_the_link_the_expiry_and_says_to_ignore_it(
    start_app: StartApp, maildev: Maildev, world: World, address: Addresses
) -> None:
    forgetful = address("Vergesslich")
    link = "https://portal.example.test/portal/passwort/neu?token=abc123"
    reset = world.password_reset(
        email=forgetful,
        name="Vera Vergesslich",
        link=link,
        expires_at=datetime(2026, 10, 25, 1, 30, tzinfo=UTC),  # after the switch: 02:30 CET
    )
    smtp = maildev.server
    async with start_app(smtp_host=smtp.host, smtp_port=smtp.port) as notify:
        await notify.apply(*world.events)
        await notify.publish(reset)
        [mail] = await notify.wait_for_mails(world.account_id, count=1)

        [message] = await maildev.messages_to({forgetful})
        assert [to["address"] for to in message["to"]] == [forgetful]
        assert message["subject"] == "Hausportal: Passwort zurücksetzen"
        for part in (message["text"], message["html"]):
            assert "Guten Tag Vera Vergesslich," in part
            assert "gültig bis 25.10.2026, 02:30 Uhr" in part
            assert "Falls Sie das nicht angefordert haben, ignorieren Sie diese E-Mail" in part
        assert link in message["text"]
        assert (mail["kind"], mail["contact_id"], mail["item_id"]) == ("password_reset", None, None)
        assert (await notify.mails(world.account_id, kind="password_reset"))["total"] == 1
        assert (await notify.mails(world.account_id, kind="document"))["total"] == 0
