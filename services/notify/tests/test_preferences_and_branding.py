"""A contact's document preference (its own and its staff's endpoint), the staff list of what
went to one contact, and the account's branding in both parts of every mail."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Callable
from typing import TYPE_CHECKING

from hausportal.contracts.documents import Audience

if TYPE_CHECKING:
    from conftest import Estate, StartApp, StartSmtp

Headers = Callable[..., dict[str, str]]


async def test_a_contact_chooses_its_own_preference_and_staff_see_it(
    start_app: StartApp, estate: Estate, staff_headers: Headers, closed_port: Callable[[], int]
) -> None:
    account, erika = estate.world.account_id, estate.erika.contact_id
    as_erika = staff_headers(account, kind="contact", contact_id=erika)
    as_staff = staff_headers(account)
    async with start_app(smtp_port=closed_port()) as notify:
        await notify.apply(*estate.events)
        mine = await notify.client.get("/api/notify/my/preferences", headers=as_erika)
        assert mine.status_code == 200, mine.text
        assert mine.json() == {"contact_id": str(erika), "documents": "digest", "updated_at": None}

        chosen = await notify.client.put(
            "/api/notify/my/preferences", json={"documents": "none"}, headers=as_erika
        )
        assert chosen.status_code == 200, chosen.text
        assert chosen.json()["documents"] == "none"
        seen = await notify.client.get(
            f"/api/notify/contacts/{erika}/preferences", headers=as_staff
        )
        assert seen.json()["documents"] == "none"
        assert seen.json()["updated_at"]

        wrong = await notify.client.put(
            "/api/notify/my/preferences", json={"documents": "weekly"}, headers=as_erika
        )
        assert wrong.status_code == 422
        assert wrong.json()["code"] == "invalid_input"
        # A contact cannot use the staff endpoint, not even for itself.
        own = await notify.client.get(f"/api/notify/contacts/{erika}/preferences", headers=as_erika)
        assert own.status_code == 403


async def test_staff_of_another_account_find_no_such_contact(
    start_app: StartApp, estate: Estate, staff_headers: Headers, closed_port: Callable[[], int]
) -> None:
    erika = estate.erika.contact_id
    other_staff = staff_headers(estate.other.account_id)
    async with start_app(smtp_port=closed_port()) as notify:
        await notify.apply(*estate.events)
        for path in (
            f"/api/notify/contacts/{erika}/preferences",
            f"/api/notify/contacts/{erika}/mails",
        ):
            response = await notify.client.get(path, headers=other_staff)
            assert response.status_code == 404, path
            assert response.json()["code"] == "not_found"
        changed = await notify.client.put(
            f"/api/notify/contacts/{erika}/preferences",
            json={"documents": "none"},
            headers=other_staff,
        )
        assert changed.status_code == 404
        unknown = await notify.client.get(
            f"/api/notify/contacts/{uuid.uuid4()}/mails",
            headers=staff_headers(estate.world.account_id),
        )
        assert unknown.status_code == 404


async def test_staff_list_what_was_sent_to_one_contact_and_none_gets_nothing(
    start_app: StartApp,
    start_smtp: StartSmtp,
    estate: Estate,
    staff_headers: Headers,
    closed_port: Callable[[], int],
) -> None:
    port = closed_port()
    server = start_smtp(port)
    account = estate.world.account_id
    async with start_app(smtp_port=port) as notify:
        await notify.apply(*estate.events)
        # Jonas wants no document mail, not even "notify now".
        response = await notify.client.put(
            f"/api/notify/contacts/{estate.jonas.contact_id}/preferences",
            json={"documents": "none"},
            headers=staff_headers(account),
        )
        assert response.status_code == 200
        await notify.publish(estate.for_tenants("Heizkostenabrechnung"))
        await notify.wait_for_mails(account, count=1)
        await asyncio.sleep(0.3)
        assert server.recipients() == [estate.erika.email]

        listed = await notify.client.get(
            f"/api/notify/contacts/{estate.erika.contact_id}/mails", headers=staff_headers(account)
        )
        assert listed.status_code == 200, listed.text
        [mail] = listed.json()["items"]
        assert (mail["kind"], mail["status"], mail["to_address"]) == (
            "document",
            "sent",
            estate.erika.email,
        )
        nothing = await notify.client.get(
            f"/api/notify/contacts/{estate.jonas.contact_id}/mails", headers=staff_headers(account)
        )
        assert nothing.json()["total"] == 0
        as_contact = staff_headers(account, kind="contact", contact_id=estate.erika.contact_id)
        forbidden = await notify.client.get(
            f"/api/notify/contacts/{estate.erika.contact_id}/mails", headers=as_contact
        )
        assert forbidden.status_code == 403


async def test_the_accounts_logo_and_colour_are_in_html_and_its_name_in_text(
    start_app: StartApp, start_smtp: StartSmtp, estate: Estate, closed_port: Callable[[], int]
) -> None:
    port = closed_port()
    server = start_smtp(port)
    estate.world.branding(logo_url="https://cdn.example.test/sonne.png", primary_color="#C0FFEE")
    async with start_app(smtp_port=port) as notify:
        await notify.apply(*estate.events)
        await notify.publish(
            estate.for_tenants("Wartung Aufzug"),
            estate.world.message("Wasser abgestellt", property_ids=(estate.linden,)),
        )
        await notify.wait_for_mails(estate.world.account_id, count=4)

        mails = server.messages_to(estate.erika.email)
        assert len(mails) == 2
        for mail in mails:
            logo = '<img src="https://cdn.example.test/sonne.png" alt="Hausverwaltung Sonnenschein'
            assert logo in mail.html
            assert "#c0ffee" in mail.html
            assert "#1f5f8b" not in mail.html
            assert "Hausportal von Hausverwaltung Sonnenschein GmbH versandt" in mail.text
            assert "Mit freundlichen Grüßen\r\nHausverwaltung Sonnenschein GmbH" in mail.text
        # The other account chose nothing: the portal's colour, its name instead of a logo.
        await notify.publish(
            estate.other.published(
                "Nur dort",
                property_id=estate.other.events[1].payload.property_id,  # type: ignore[attr-defined]
                audience=Audience(contact_id=estate.stranger.contact_id),
            )
        )
        await notify.wait_for_mails(estate.other.account_id, count=1)
        [plain] = server.messages_to(estate.stranger.email)
        assert "#1f5f8b" in plain.html
        assert "<img" not in plain.html
        assert "Andere Verwaltung AG</strong>" in plain.html
