"""Logging in: staff and contacts get a token; wrong credentials get a German 401."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # fixtures' types; with --import-mode=importlib conftest is no module to import
    from conftest import Portal, Staff


class TestLogin:
    async def test_staff_logs_in_and_sees_the_account(self, portal: Portal, staff: Staff) -> None:
        response = await portal.login(staff.email.upper(), portal.password)
        assert response.status_code == 200, response.text
        body = response.json()
        assert body["token_type"] == "bearer"
        assert body["kind"] == "staff"
        assert body["account_id"] == staff.account_id

        account = await portal.client.get("/api/portal/account", headers=portal.bearer(body))
        assert account.status_code == 200
        assert account.json() == {
            "id": staff.account_id,
            "name": "Hausverwaltung Muster GmbH",
            "slug": "hausverwaltung-muster-gmbh",
            "access": {"pre_contract_days": None, "post_contract_days": None},
            "branding": {"logo_url": None, "primary_color": None},
        }

    async def test_wrong_password_is_refused_in_german(self, portal: Portal, staff: Staff) -> None:
        response = await portal.login(staff.email, "falsch-falsch")
        assert response.status_code == 401
        assert response.json() == {
            "code": "invalid_credentials",
            "message": "E-Mail-Adresse oder Passwort ist falsch.",
        }

    async def test_unknown_email_gets_the_same_answer(self, portal: Portal, staff: Staff) -> None:
        response = await portal.login("niemand@example.com", portal.password)
        assert response.status_code == 401
        assert response.json()["code"] == "invalid_credentials"

    async def test_same_credentials_in_two_accounts_need_a_choice(self, portal: Portal) -> None:
        first = await portal.new_account("Verwaltung Nord", email="chefin@example.com")
        second = await portal.new_account("Verwaltung Süd", email="chefin@example.com")

        ambiguous = await portal.login("chefin@example.com", portal.password)
        assert ambiguous.status_code == 409
        assert ambiguous.json()["code"] == "account_ambiguous"
        offered = {a["account_id"] for a in ambiguous.json()["details"]["accounts"]}
        assert offered == {first.account_id, second.account_id}

        chosen = await portal.login(
            "chefin@example.com", portal.password, account_id=second.account_id
        )
        assert chosen.status_code == 200
        assert chosen.json()["account_id"] == second.account_id

    async def test_no_token_no_data(self, portal: Portal) -> None:
        assert (await portal.client.get("/api/portal/properties")).status_code == 401


class TestAccount:
    async def test_admin_changes_access_windows_and_an_event_says_so(
        self, portal: Portal, staff: Staff
    ) -> None:
        response = await portal.client.patch(
            "/api/portal/account",
            json={"access_pre_contract_days": 30, "access_post_contract_days": 90},
            headers=staff.headers,
        )
        assert response.status_code == 200, response.text
        assert response.json()["access"] == {"pre_contract_days": 30, "post_contract_days": 90}
        last = (await portal.events(staff.account_id))[-1]
        assert last.type == "portal.account.upserted"
        assert last.payload.access.pre_contract_days == 30  # type: ignore[attr-defined]

    async def test_account_creation_publishes_account_and_admin(
        self, portal: Portal, staff: Staff
    ) -> None:
        types = [e.type for e in await portal.events(staff.account_id)]
        assert types == ["portal.account.upserted", "portal.staff.upserted"]
