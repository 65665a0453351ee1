"""Invitations: staff hand out a one-time token, the contact registers and logs in with it."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from conftest import Portal, Staff

API = "/api/portal"


async def tenant_with_contract(
    portal: Portal, staff: Staff, *, email: str | None = "max@example.com", end: str | None = None
) -> dict[str, Any]:
    prop = (
        await portal.client.post(f"{API}/properties", json={"name": "Haus"}, headers=staff.headers)
    ).json()
    unit = (
        await portal.client.post(
            f"{API}/properties/{prop['id']}/units", json={"name": "WE 1"}, headers=staff.headers
        )
    ).json()
    contact = (
        await portal.client.post(
            f"{API}/contacts", json={"name": "Max Mieter", "email": email}, headers=staff.headers
        )
    ).json()
    contract = await portal.client.post(
        f"{API}/contracts",
        json={
            "contact_id": contact["id"],
            "unit_id": unit["id"],
            "role": "tenant",
            "start": "2020-01-01",
            "end": end,
        },
        headers=staff.headers,
    )
    assert contract.status_code == 201, contract.text
    return contact  # type: ignore[no-any-return]


async def invite(portal: Portal, staff: Staff, contact_id: str) -> str:
    response = await portal.client.post(
        f"{API}/contacts/{contact_id}/registration-token", headers=staff.headers
    )
    assert response.status_code == 201, response.text
    return response.json()["token"]  # type: ignore[no-any-return]


def registration(token: str, email: str = "max.privat@example.com") -> dict[str, str]:
    return {"token": token, "email": email, "password": "mein-passwort", "display_name": "Max"}


class TestRegistration:
    async def test_contact_registers_logs_in_and_counts_as_registered(
        self, portal: Portal, staff: Staff
    ) -> None:
        contact = await tenant_with_contract(portal, staff)
        issued = await portal.client.post(
            f"{API}/contacts/{contact['id']}/registration-token", headers=staff.headers
        )
        assert issued.status_code == 201
        expires = issued.json()["expires_at"]
        assert expires.startswith((portal.clock.now() + timedelta(days=14)).date().isoformat())

        registered = await portal.client.post(
            f"{API}/register", json=registration(issued.json()["token"])
        )
        assert registered.status_code == 201, registered.text
        body = registered.json()
        assert body["kind"] == "contact"
        assert body["subject_id"] == contact["id"]
        assert body["account_id"] == staff.account_id

        login = await portal.login("Max.Privat@example.com", "mein-passwort")
        assert login.status_code == 200, login.text
        assert login.json()["kind"] == "contact"
        assert login.json()["subject_id"] == contact["id"]
        # A contact's token opens no staff endpoints.
        staff_only = await portal.client.get(f"{API}/contacts", headers=portal.bearer(login.json()))
        assert staff_only.status_code == 403

        seen = (
            await portal.client.get(f"{API}/contacts/{contact['id']}", headers=staff.headers)
        ).json()
        assert seen["registered"] is True
        # The address staff entered stays the master data's.
        assert seen["email"] == "max@example.com"
        snapshot = (await portal.events(staff.account_id))[-1]
        assert snapshot.type == "portal.contact.upserted"
        assert snapshot.payload.registered is True  # type: ignore[attr-defined]

    async def test_empty_master_data_email_is_filled_in(self, portal: Portal, staff: Staff) -> None:
        contact = await tenant_with_contract(portal, staff, email=None)
        token = await invite(portal, staff, contact["id"])
        assert (
            await portal.client.post(f"{API}/register", json=registration(token))
        ).status_code == 201
        seen = (
            await portal.client.get(f"{API}/contacts/{contact['id']}", headers=staff.headers)
        ).json()
        assert seen["email"] == "max.privat@example.com"

    async def test_a_token_works_once(self, portal: Portal, staff: Staff) -> None:
        contact = await tenant_with_contract(portal, staff)
        token = await invite(portal, staff, contact["id"])
        assert (
            await portal.client.post(f"{API}/register", json=registration(token))
        ).status_code == 201
        again = await portal.client.post(
            f"{API}/register", json=registration(token, "b@example.com")
        )
        assert again.status_code == 410
        assert again.json()["code"] == "token_used"
        # And a registered contact gets no new invitation.
        refused = await portal.client.post(
            f"{API}/contacts/{contact['id']}/registration-token", headers=staff.headers
        )
        assert refused.status_code == 409
        assert refused.json()["code"] == "contact_already_registered"

    async def test_an_expired_token_is_refused(self, portal: Portal, staff: Staff) -> None:
        contact = await tenant_with_contract(portal, staff)
        token = await invite(portal, staff, contact["id"])
        portal.clock.advance(timedelta(days=14, seconds=1))
        response = await portal.client.post(f"{API}/register", json=registration(token))
        assert response.status_code == 410
        assert response.json()["code"] == "token_expired"
        assert "abgelaufen" in response.json()["message"]

    async def test_an_unknown_token_is_refused(self, portal: Portal, staff: Staff) -> None:
        response = await portal.client.post(f"{API}/register", json=registration("ausgedacht"))
        assert response.status_code == 400
        assert response.json()["code"] == "token_invalid"

    async def test_short_password_is_refused(self, portal: Portal, staff: Staff) -> None:
        contact = await tenant_with_contract(portal, staff)
        token = await invite(portal, staff, contact["id"])
        body = registration(token) | {"password": "kurz"}
        response = await portal.client.post(f"{API}/register", json=body)
        assert response.status_code == 422
        assert response.json()["message"] == "Bitte prüfen Sie die Eingaben: password."

    async def test_email_taken_in_the_account(self, portal: Portal, staff: Staff) -> None:
        first = await tenant_with_contract(portal, staff)
        token = await invite(portal, staff, first["id"])
        assert (
            await portal.client.post(f"{API}/register", json=registration(token))
        ).status_code == 201
        prop = (await portal.client.get(f"{API}/properties", headers=staff.headers)).json()[
            "items"
        ][0]
        unit = (
            await portal.client.get(
                f"{API}/units", params={"property_id": prop["id"]}, headers=staff.headers
            )
        ).json()["items"][0]
        second = (
            await portal.client.post(
                f"{API}/contacts", json={"name": "Mitbewohnerin"}, headers=staff.headers
            )
        ).json()
        await portal.client.post(
            f"{API}/contracts",
            json={
                "contact_id": second["id"],
                "unit_id": unit["id"],
                "role": "tenant",
                "start": "2021-01-01",
            },
            headers=staff.headers,
        )
        token = await invite(portal, staff, second["id"])
        taken = await portal.client.post(f"{API}/register", json=registration(token))
        assert taken.status_code == 409
        assert taken.json()["code"] == "email_taken"


class TestPortalAccess:
    async def test_contact_whose_contract_ended_cannot_log_in(
        self, portal: Portal, staff: Staff
    ) -> None:
        contact = await tenant_with_contract(portal, staff, end="2099-12-31")
        token = await invite(portal, staff, contact["id"])
        assert (
            await portal.client.post(f"{API}/register", json=registration(token))
        ).status_code == 201
        contract = (
            await portal.client.get(
                f"{API}/contracts", params={"contact_id": contact["id"]}, headers=staff.headers
            )
        ).json()["items"][0]
        await portal.client.patch(
            f"{API}/contracts/{contract['id']}", json={"end": "2021-12-31"}, headers=staff.headers
        )
        refused = await portal.login("max.privat@example.com", "mein-passwort")
        assert refused.status_code == 403
        assert refused.json()["code"] == "no_portal_access"

        # With ten years of post-contract access the door opens again, at once.
        await portal.client.patch(
            f"{API}/account", json={"access_post_contract_days": 3650}, headers=staff.headers
        )
        assert (await portal.login("max.privat@example.com", "mein-passwort")).status_code == 200
