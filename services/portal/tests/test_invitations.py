"""Invitations: a contact's one-time code, a property's invite link (QR code, hallway notice,
e-mails to a pasted list) and residents who register through it."""

from __future__ import annotations

import io
import uuid
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, urlsplit
from xml.etree import ElementTree

import pikepdf
import segno
import zxingcpp
from PIL import Image
from sqlalchemy import select

from hausportal.contracts.envelope import Event
from hausportal.contracts.topics import PORTAL_DIRECTORY, PORTAL_EVENTS
from hausportal.portal.invitations.codes import CODE_ALPHABET
from hausportal.portal.models import messaging

if TYPE_CHECKING:
    from conftest import Portal, Staff

API = "/api/portal"
PORTAL_URL = "http://127.0.0.1:8000/portal"
# Noon in Berlin on a fixed day: contract dates are compared with it.
NOW = datetime(2026, 6, 17, 10, 0, tzinfo=UTC)


async def outbox(portal: Portal, topic: str, account_id: str | None = None) -> list[Event]:
    """The outbox's events of one topic, parsed as consumers will."""
    parser = {PORTAL_EVENTS.name: PORTAL_EVENTS, PORTAL_DIRECTORY.name: PORTAL_DIRECTORY}[topic]
    table = messaging.outbox
    async with portal.runtime.sessionmaker() as session:
        rows = await session.execute(
            select(table.c.payload).where(table.c.topic == topic).order_by(table.c.id)
        )
        parsed = [parser.parse(row.payload) for row in rows]
    return [e for e in parsed if account_id is None or str(e.account_id) == account_id]


async def invitations_sent(portal: Portal, staff: Staff) -> list[Any]:
    events = await outbox(portal, PORTAL_EVENTS.name, staff.account_id)
    return [e.payload for e in events if e.type == "portal.invitation.created"]


async def contact_snapshots(portal: Portal, staff: Staff, contact_id: str) -> list[Any]:
    events = await outbox(portal, PORTAL_DIRECTORY.name, staff.account_id)
    return [
        e.payload
        for e in events
        if e.type == "portal.contact.upserted" and str(e.payload.contact_id) == contact_id  # type: ignore[attr-defined]
    ]


async def created(portal: Portal, staff: Staff, path: str, body: dict[str, Any]) -> dict[str, Any]:
    response = await portal.client.post(f"{API}{path}", json=body, headers=staff.headers)
    assert response.status_code == 201, response.text
    return response.json()  # type: ignore[no-any-return]


async def tenant(
    portal: Portal,
    staff: Staff,
    *,
    start: date = date(2020, 1, 1),
    end: date | None = None,
    email: str | None = "max@example.com",
    name: str = "Haus am See",
) -> dict[str, Any]:
    """A property with one unit and a tenant; the contact, with ``property_id`` added."""
    prop = await created(portal, staff, "/properties", {"name": name, "street": "Seeweg 1"})
    unit = await created(portal, staff, f"/properties/{prop['id']}/units", {"name": "WE 1"})
    contact = await created(portal, staff, "/contacts", {"name": "Max Mieter", "email": email})
    await created(
        portal,
        staff,
        "/contracts",
        {
            "contact_id": contact["id"],
            "unit_id": unit["id"],
            "role": "tenant",
            "start": start.isoformat(),
            "end": end.isoformat() if end else None,
        },
    )
    return contact | {"property_id": prop["id"]}


async def invite(
    portal: Portal, staff: Staff, contact_id: str, **body: Any
) -> tuple[int, dict[str, Any]]:
    response = await portal.client.post(
        f"{API}/contacts/{contact_id}/invitations", json=body, headers=staff.headers
    )
    return response.status_code, response.json()


def registration(**invitation: str) -> dict[str, str]:
    return invitation | {
        "email": "max.privat@example.com",
        "password": "mein-passwort",
        "display_name": "Max",
    }


async def register(portal: Portal, **body: str) -> Any:
    return await portal.client.post(f"{API}/register", json=registration(**body))


def query(link: str, name: str) -> str:
    return parse_qs(urlsplit(link).query)[name][0]


class TestContactInvitation:
    async def test_code_is_emailed_with_the_link_and_registers_the_contact(
        self, portal: Portal, staff: Staff
    ) -> None:
        portal.clock.set(NOW)
        contact = await tenant(portal, staff)
        status, body = await invite(portal, staff, contact["id"])
        assert status == 201, body
        code = body["code"]
        assert len(code) == 10
        assert set(code) <= set(CODE_ALPHABET)
        assert body["link"] == f"{PORTAL_URL}/registrieren?code={code}"
        assert body["expires_at"].startswith("2026-07-01T10:00")  # 14 days
        assert body["sent_to"] == "max@example.com"

        (mail,) = await invitations_sent(portal, staff)
        assert mail.kind == "contact"
        assert mail.email == "max@example.com"
        assert mail.name == "Max Mieter"
        assert mail.code == code
        assert mail.link == body["link"]
        assert str(mail.contact_id) == contact["id"]
        assert str(mail.invitation_id) == body["id"]
        assert mail.expires_at == datetime(2026, 7, 1, 10, 0, tzinfo=UTC)

        # Typed in by hand: lower case and a dash in the middle are fine.
        typed = f"{code[:5].lower()}-{code[5:].lower()}"
        registered = await register(portal, code=typed)
        assert registered.status_code == 201, registered.text
        assert registered.json()["subject_id"] == contact["id"]
        assert registered.json()["refresh_token"]
        login = await portal.login("max.privat@example.com", "mein-passwort")
        assert login.status_code == 200, login.text

    async def test_without_email_or_to_another_address(self, portal: Portal, staff: Staff) -> None:
        contact = await tenant(portal, staff)
        status, body = await invite(portal, staff, contact["id"], send_email=False)
        assert status == 201
        assert body["sent_to"] is None
        assert await invitations_sent(portal, staff) == []

        status, body = await invite(portal, staff, contact["id"], email="max@firma.example")
        assert body["sent_to"] == "max@firma.example"
        (mail,) = await invitations_sent(portal, staff)
        assert mail.email == "max@firma.example"

        # No address known: the code is made, nothing is e-mailed.
        nobody = await tenant(portal, staff, email=None, name="Haus am Berg")
        status, body = await invite(portal, staff, nobody["id"])
        assert status == 201
        assert body["sent_to"] is None
        assert len(await invitations_sent(portal, staff)) == 1

    async def test_a_new_code_replaces_the_open_one(self, portal: Portal, staff: Staff) -> None:
        contact = await tenant(portal, staff)
        _, first = await invite(portal, staff, contact["id"], send_email=False)
        _, second = await invite(portal, staff, contact["id"], send_email=False)
        replaced = await register(portal, code=first["code"])
        assert replaced.status_code == 410
        assert replaced.json()["code"] == "token_revoked"
        assert (await register(portal, code=second["code"])).status_code == 201

    async def test_a_code_works_once(self, portal: Portal, staff: Staff) -> None:
        contact = await tenant(portal, staff)
        _, body = await invite(portal, staff, contact["id"], send_email=False)
        assert (await register(portal, code=body["code"])).status_code == 201
        again = await register(portal, code=body["code"])
        assert again.status_code == 410
        assert again.json()["code"] == "token_used"
        # A registered contact gets no new invitation.
        status, refused = await invite(portal, staff, contact["id"])
        assert status == 409
        assert refused["code"] == "contact_already_registered"

    async def test_an_expired_code(self, portal: Portal, staff: Staff) -> None:
        contact = await tenant(portal, staff)
        _, body = await invite(portal, staff, contact["id"], send_email=False)
        portal.clock.advance(timedelta(days=14, seconds=1))
        expired = await register(portal, code=body["code"])
        assert expired.status_code == 410
        assert expired.json()["code"] == "token_expired"
        assert "abgelaufen" in expired.json()["message"]

    async def test_an_unknown_code_or_a_staff_link_token(
        self, portal: Portal, staff: Staff
    ) -> None:
        unknown = await register(portal, code="ABCDEFGHJK")
        assert unknown.status_code == 400
        assert unknown.json()["code"] == "token_invalid"
        staff_invite = await created(
            portal,
            staff,
            "/staff/invitations",
            {"email": "neu@example.com", "name": "Nele Neu", "role": "staff"},
        )
        wrong_kind = await register(portal, code=query(staff_invite["link"], "token"))
        assert wrong_kind.status_code == 400
        assert wrong_kind.json()["code"] == "token_invalid"

    async def test_invited_only_inside_the_access_window(
        self, portal: Portal, staff: Staff
    ) -> None:
        portal.clock.set(NOW)
        # The contract starts in 20 days; no pre-contract access yet.
        contact = await tenant(portal, staff, start=date(2026, 7, 7))
        status, body = await invite(portal, staff, contact["id"])
        assert status == 409
        assert body["code"] == "contact_outside_access_window"
        assert "Zugriffszeitraum" in body["message"]
        assert await invitations_sent(portal, staff) == []

        await portal.client.patch(
            f"{API}/account", json={"access_pre_contract_days": 21}, headers=staff.headers
        )
        status, body = await invite(portal, staff, contact["id"])
        assert status == 201, body
        assert (await register(portal, code=body["code"])).status_code == 201

    async def test_registration_outside_the_window_is_refused(
        self, portal: Portal, staff: Staff
    ) -> None:
        portal.clock.set(NOW)
        contact = await tenant(portal, staff, end=date(2026, 6, 20))
        _, body = await invite(portal, staff, contact["id"], send_email=False)
        portal.clock.set(datetime(2026, 6, 21, 10, 0, tzinfo=UTC))
        refused = await register(portal, code=body["code"])
        assert refused.status_code == 403
        assert refused.json()["code"] == "no_portal_access"

    async def test_the_older_registration_token_endpoint_is_the_same_invitation(
        self, portal: Portal, staff: Staff
    ) -> None:
        contact = await tenant(portal, staff)
        old = await portal.client.post(
            f"{API}/contacts/{contact['id']}/registration-token", headers=staff.headers
        )
        assert old.status_code == 201
        assert old.json()["token"] == old.json()["code"]
        assert await invitations_sent(portal, staff) == []
        _, new = await invite(portal, staff, contact["id"], send_email=False)
        # One mechanism: the newer code replaced the older one.
        assert (await register(portal, token=old.json()["token"])).status_code == 410
        assert (await register(portal, token=new["code"])).status_code == 201

    async def test_another_account_finds_no_contact(self, portal: Portal, staff: Staff) -> None:
        contact = await tenant(portal, staff)
        other = await portal.new_account("Fremde Verwaltung")
        status, body = await invite(portal, other, contact["id"])
        assert status == 404
        assert body["code"] == "contact_not_found"

    async def test_code_validity_is_a_setting(self, run_portal: Any, settings_for: Any) -> None:
        async with run_portal(settings_for(invitation_days=3)) as portal:
            staff = await portal.new_account()
            contact = await tenant(portal, staff)
            _, body = await invite(portal, staff, contact["id"], send_email=False)
            expires = datetime.fromisoformat(body["expires_at"])
            assert expires - portal.clock.now() == timedelta(days=3)


async def invite_link(portal: Portal, staff: Staff, property_id: str) -> dict[str, Any]:
    return await created(portal, staff, f"/properties/{property_id}/invite-link", {})


def decoded(image: Image.Image) -> str:
    (barcode,) = zxingcpp.read_barcodes(image)
    return str(barcode.text)


class TestPropertyInviteLink:
    async def test_created_fetched_and_rotated(self, portal: Portal, staff: Staff) -> None:
        prop = await created(portal, staff, "/properties", {"name": "Lindenallee 5"})
        missing = await portal.client.get(
            f"{API}/properties/{prop['id']}/invite-link", headers=staff.headers
        )
        assert missing.status_code == 404
        assert missing.json()["code"] == "invite_link_missing"

        first = await invite_link(portal, staff, prop["id"])
        assert first["link"] == f"{PORTAL_URL}/registrieren?liegenschaft={first['token']}"
        fetched = await portal.client.get(
            f"{API}/properties/{prop['id']}/invite-link", headers=staff.headers
        )
        assert fetched.json()["link"] == first["link"]

        second = await invite_link(portal, staff, prop["id"])
        assert second["token"] != first["token"]
        rotated = await register(portal, property_token=first["token"])
        assert rotated.status_code == 410
        assert rotated.json()["code"] == "link_expired"
        wrong = await register(portal, property_token="ausgedacht")
        assert wrong.status_code == 400
        assert wrong.json()["code"] == "link_invalid"
        assert (await register(portal, property_token=second["token"])).status_code == 201

    async def test_qr_codes_decode_back_to_the_link(self, portal: Portal, staff: Staff) -> None:
        prop = await created(portal, staff, "/properties", {"name": "Lindenallee 5"})
        link = (await invite_link(portal, staff, prop["id"]))["link"]

        png = await portal.client.get(
            f"{API}/properties/{prop['id']}/invite-link/qr.png", headers=staff.headers
        )
        assert png.status_code == 200
        assert png.headers["content-type"] == "image/png"
        assert png.headers["cache-control"] == "no-store"
        assert decoded(Image.open(io.BytesIO(png.content))) == link

        svg = await portal.client.get(
            f"{API}/properties/{prop['id']}/invite-link/qr.svg", headers=staff.headers
        )
        assert svg.status_code == 200
        assert svg.headers["content-type"].startswith("image/svg+xml")
        assert ElementTree.fromstring(svg.content).tag.endswith("svg")  # noqa: S314 - our own answer
        # The SVG draws the same symbol: segno's SVG of exactly the link, module for module.
        expected = io.BytesIO()
        segno.make(link, error="m", micro=False).save(
            expected, kind="svg", scale=10, border=4, title="Einladungslink", unit="px"
        )
        assert svg.content == expected.getvalue()

    async def test_hallway_notice(self, portal: Portal, staff: Staff) -> None:
        prop = await created(
            portal,
            staff,
            "/properties",
            {
                "name": "Lindenallee 5",
                "street": "Lindenallee 5",
                "zip_code": "50667",
                "city": "Köln",
            },
        )
        link = (await invite_link(portal, staff, prop["id"]))["link"]
        response = await portal.client.get(
            f"{API}/properties/{prop['id']}/invite-link/notice.pdf", headers=staff.headers
        )
        assert response.status_code == 200
        assert response.headers["content-type"] == "application/pdf"
        with pikepdf.open(io.BytesIO(response.content)) as pdf:
            (page,) = pdf.pages
            assert [round(float(v)) for v in page.mediabox] == [0, 0, 595, 842]  # A4
            text = page.Contents.read_bytes()
            for words in ("Lindenallee 5", "Einladung zum Hausportal", "50667 Köln"):
                assert words.encode("cp1252") in text
            assert b"Hausverwaltung Muster GmbH" in text
            (image,) = page.get_images().values()
            qr = pikepdf.PdfImage(image).as_pil_image()
            # One pixel per module; scaled up so the decoder sees clear modules.
            assert (
                decoded(qr.resize((qr.width * 8, qr.height * 8), Image.Resampling.NEAREST)) == link
            )

    async def test_another_account_sees_nothing(self, portal: Portal, staff: Staff) -> None:
        prop = await created(portal, staff, "/properties", {"name": "Lindenallee 5"})
        await invite_link(portal, staff, prop["id"])
        other = await portal.new_account("Fremde Verwaltung")
        for path in ("", "/qr.png", "/qr.svg", "/notice.pdf"):
            response = await portal.client.get(
                f"{API}/properties/{prop['id']}/invite-link{path}", headers=other.headers
            )
            assert response.status_code == 404, path
        rotate = await portal.client.post(
            f"{API}/properties/{prop['id']}/invite-link", headers=other.headers
        )
        assert rotate.status_code == 404


class TestPropertyEmailInvitations:
    async def test_a_pasted_list_gets_one_email_each(self, portal: Portal, staff: Staff) -> None:
        prop = await created(portal, staff, "/properties", {"name": "Lindenallee 5"})
        pasted = (
            "anna@example.com, bert@example.com;\n"
            "keine-adresse\n"
            "  Anna@Example.com\t<carla@example.com>;;"
        )
        response = await portal.client.post(
            f"{API}/properties/{prop['id']}/invitations",
            json={"emails": [pasted, "dora@example.com"], "text": "Liebe Nachbarn, ..."},
            headers=staff.headers,
        )
        assert response.status_code == 200, response.text
        assert response.json() == {
            "sent": [
                "anna@example.com",
                "bert@example.com",
                "carla@example.com",
                "dora@example.com",
            ],
            "invalid": ["keine-adresse"],
            "duplicates": ["Anna@example.com"],
        }
        link = (
            await portal.client.get(
                f"{API}/properties/{prop['id']}/invite-link", headers=staff.headers
            )
        ).json()["link"]
        mails = await invitations_sent(portal, staff)
        assert [m.email for m in mails] == response.json()["sent"]
        for mail in mails:
            assert mail.kind == "property"
            assert mail.link == link
            assert mail.code is None
            assert str(mail.property_id) == prop["id"]
            assert mail.text == "Liebe Nachbarn, ..."

    async def test_nothing_valid_sends_nothing(self, portal: Portal, staff: Staff) -> None:
        prop = await created(portal, staff, "/properties", {"name": "Lindenallee 5"})
        response = await portal.client.post(
            f"{API}/properties/{prop['id']}/invitations",
            json={"emails": "nix; @; a@"},
            headers=staff.headers,
        )
        assert response.json() == {"sent": [], "invalid": ["nix", "@", "a@"], "duplicates": []}
        assert await invitations_sent(portal, staff) == []


async def resident(
    portal: Portal, staff: Staff, property_id: str, *, email: str = "rita@example.com"
) -> dict[str, Any]:
    token = (await invite_link(portal, staff, property_id))["token"]
    response = await portal.client.post(
        f"{API}/register",
        json={
            "property_token": token,
            "email": email,
            "password": "bewohnerin-1",
            "display_name": "Rita aus dem 2. OG",
        },
    )
    assert response.status_code == 201, response.text
    return response.json()  # type: ignore[no-any-return]


class TestResidents:
    async def test_registering_through_the_link_makes_a_resident(
        self, portal: Portal, staff: Staff
    ) -> None:
        prop = await created(portal, staff, "/properties", {"name": "Lindenallee 5"})
        body = await resident(portal, staff, prop["id"])
        assert body["kind"] == "contact"
        contact_id = body["subject_id"]

        contact = (
            await portal.client.get(f"{API}/contacts/{contact_id}", headers=staff.headers)
        ).json()
        assert contact["name"] == "Rita aus dem 2. OG"
        assert contact["registered"] is True
        # Staff never see a resident's address, not even in the master data.
        assert contact["email"] is None
        snapshot = (await contact_snapshots(portal, staff, contact_id))[-1]
        assert snapshot.registered is True
        assert [str(p) for p in snapshot.resident_property_ids] == [prop["id"]]
        # ... but notify can reach the resident.
        assert snapshot.email == "rita@example.com"

        residents = await portal.client.get(
            f"{API}/properties/{prop['id']}/residents", headers=staff.headers
        )
        assert residents.status_code == 200
        (listed,) = residents.json()
        assert set(listed) == {"contact_id", "display_name", "registered_at"}
        assert listed["display_name"] == "Rita aus dem 2. OG"
        assert "rita@example.com" not in residents.text

        login = await portal.login("Rita@example.com", "bewohnerin-1")
        assert login.status_code == 200, login.text
        assert login.json()["subject_id"] == contact_id

    async def test_an_address_registered_in_the_account_is_taken(
        self, portal: Portal, staff: Staff
    ) -> None:
        prop = await created(portal, staff, "/properties", {"name": "Lindenallee 5"})
        await resident(portal, staff, prop["id"])
        token = (await invite_link(portal, staff, prop["id"]))["token"]
        taken = await portal.client.post(
            f"{API}/register",
            json={
                "property_token": token,
                "email": "RITA@example.com",
                "password": "noch-ein-pw",
                "display_name": "Rita 2",
            },
        )
        assert taken.status_code == 409
        assert taken.json()["code"] == "email_taken"

    async def test_removing_a_resident_stops_login_and_refresh_at_once(
        self, portal: Portal, staff: Staff
    ) -> None:
        prop = await created(portal, staff, "/properties", {"name": "Lindenallee 5"})
        body = await resident(portal, staff, prop["id"])
        contact_id = body["subject_id"]
        removed = await portal.client.delete(
            f"{API}/properties/{prop['id']}/residents/{contact_id}", headers=staff.headers
        )
        assert removed.status_code == 204

        refresh = await portal.client.post(
            f"{API}/auth/refresh", json={"refresh_token": body["refresh_token"]}
        )
        assert refresh.status_code == 401
        login = await portal.login("rita@example.com", "bewohnerin-1")
        assert login.status_code == 403
        assert login.json()["code"] == "no_portal_access"
        snapshot = (await contact_snapshots(portal, staff, contact_id))[-1]
        assert snapshot.resident_property_ids == ()
        listed = await portal.client.get(
            f"{API}/properties/{prop['id']}/residents", headers=staff.headers
        )
        assert listed.json() == []
        again = await portal.client.delete(
            f"{API}/properties/{prop['id']}/residents/{contact_id}", headers=staff.headers
        )
        assert again.status_code == 404
        assert again.json()["code"] == "resident_not_found"

    async def test_a_resident_with_a_contract_keeps_that_access(
        self, portal: Portal, staff: Staff
    ) -> None:
        contact = await tenant(portal, staff)
        body = await resident(portal, staff, contact["property_id"])
        # The resident later signs a contract too (staff link it to the resident's contact).
        unit = (
            await portal.client.get(
                f"{API}/units",
                params={"property_id": contact["property_id"]},
                headers=staff.headers,
            )
        ).json()["items"][0]
        await created(
            portal,
            staff,
            "/contracts",
            {
                "contact_id": body["subject_id"],
                "unit_id": unit["id"],
                "role": "owner",
                "start": "2021-01-01",
            },
        )
        await portal.client.delete(
            f"{API}/properties/{contact['property_id']}/residents/{body['subject_id']}",
            headers=staff.headers,
        )
        assert (await portal.login("rita@example.com", "bewohnerin-1")).status_code == 200

    async def test_deleting_the_property_or_the_contact_takes_the_residency(
        self, portal: Portal, staff: Staff
    ) -> None:
        first = await created(portal, staff, "/properties", {"name": "Lindenallee 5"})
        second = await created(portal, staff, "/properties", {"name": "Birkenweg 2"})
        body = await resident(portal, staff, first["id"])
        deleted = await portal.client.delete(
            f"{API}/properties/{first['id']}", headers=staff.headers
        )
        assert deleted.status_code == 204, deleted.text
        snapshot = (await contact_snapshots(portal, staff, body["subject_id"]))[-1]
        assert snapshot.resident_property_ids == ()

        other = await resident(portal, staff, second["id"], email="ole@example.com")
        gone = await portal.client.delete(
            f"{API}/contacts/{other['subject_id']}", headers=staff.headers
        )
        assert gone.status_code == 204, gone.text
        assert (await portal.login("ole@example.com", "bewohnerin-1")).status_code == 401

    async def test_another_account_sees_no_residents(self, portal: Portal, staff: Staff) -> None:
        prop = await created(portal, staff, "/properties", {"name": "Lindenallee 5"})
        body = await resident(portal, staff, prop["id"])
        other = await portal.new_account("Fremde Verwaltung")
        listed = await portal.client.get(
            f"{API}/properties/{prop['id']}/residents", headers=other.headers
        )
        assert listed.status_code == 404
        removed = await portal.client.delete(
            f"{API}/properties/{prop['id']}/residents/{body['subject_id']}", headers=other.headers
        )
        assert removed.status_code == 404
        # A contact's token opens no staff view.
        own = await portal.client.get(
            f"{API}/properties/{prop['id']}/residents", headers=portal.bearer(body)
        )
        assert own.status_code == 403


class TestOnPostgres:
    async def test_resident_and_invitation_flow(self, postgres_portal: Portal) -> None:
        portal = postgres_portal
        staff = await portal.new_account("Hausverwaltung Muster GmbH")
        contact = await tenant(portal, staff)
        _, body = await invite(portal, staff, contact["id"])
        assert (await register(portal, code=body["code"])).status_code == 201
        rita = await resident(portal, staff, contact["property_id"])
        assert (await portal.login("rita@example.com", "bewohnerin-1")).status_code == 200
        deleted = await portal.client.delete(
            f"{API}/properties/{contact['property_id']}",
            params={"cascade": "true"},
            headers=staff.headers,
        )
        assert deleted.status_code == 204, deleted.text
        assert (await portal.login("rita@example.com", "bewohnerin-1")).status_code == 403
        assert uuid.UUID(rita["subject_id"])
