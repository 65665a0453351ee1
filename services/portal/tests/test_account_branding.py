"""The account's branding (logo, primary colour): set by admins, checked with a German
message, carried to every service in AccountUpserted."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import TYPE_CHECKING

from hausportal.kit.auth import Principal, issue_token

if TYPE_CHECKING:
    from conftest import Portal, Staff


class TestBranding:
    async def test_an_admin_sets_logo_and_colour_and_the_event_carries_them(
        self, portal: Portal, staff: Staff
    ) -> None:
        response = await portal.client.patch(
            "/api/portal/account",
            json={"logo_url": " https://cdn.example.test/logo.png ", "primary_color": "#AA3300"},
            headers=staff.headers,
        )
        assert response.status_code == 200, response.text
        assert response.json()["branding"] == {
            "logo_url": "https://cdn.example.test/logo.png",
            "primary_color": "#aa3300",
        }
        last = (await portal.events(staff.account_id))[-1]
        assert last.type == "portal.account.upserted"
        branding = last.payload.branding  # type: ignore[attr-defined]
        assert (branding.logo_url, branding.primary_color) == (
            "https://cdn.example.test/logo.png",
            "#aa3300",
        )
        again = await portal.client.get("/api/portal/account", headers=staff.headers)
        assert again.json()["branding"]["primary_color"] == "#aa3300"

    async def test_null_goes_back_to_the_default(self, portal: Portal, staff: Staff) -> None:
        await portal.client.patch(
            "/api/portal/account", json={"primary_color": "#112233"}, headers=staff.headers
        )
        response = await portal.client.patch(
            "/api/portal/account", json={"primary_color": None}, headers=staff.headers
        )
        assert response.json()["branding"] == {"logo_url": None, "primary_color": None}
        last = (await portal.events(staff.account_id))[-1]
        assert last.payload.branding.primary_color is None  # type: ignore[attr-defined]

    async def test_a_colour_that_is_no_rrggbb_is_refused_in_german(
        self, portal: Portal, staff: Staff
    ) -> None:
        before = len(await portal.events(staff.account_id))
        for color in ("rot", "#12345", "#1234567", "#ggg000", "123456"):
            response = await portal.client.patch(
                "/api/portal/account", json={"primary_color": color}, headers=staff.headers
            )
            assert response.status_code == 422, color
            assert response.json()["code"] == "invalid_color"
            assert "#rrggbb" in response.json()["message"]
        assert len(await portal.events(staff.account_id)) == before

    async def test_a_logo_must_be_an_internet_address(self, portal: Portal, staff: Staff) -> None:
        for logo in ("javascript:alert(1)", "logo.png", "https://", "https://a b.test/x.png"):
            response = await portal.client.patch(
                "/api/portal/account", json={"logo_url": logo}, headers=staff.headers
            )
            assert response.status_code == 422, logo
            assert response.json()["code"] == "invalid_logo_url"
            assert "Internetadresse" in response.json()["message"]

    async def test_staff_who_are_no_admins_cannot_change_it(
        self, portal: Portal, staff: Staff
    ) -> None:
        settings = portal.runtime.settings
        member = Principal.staff(
            staff_id=uuid.uuid4(), account_id=uuid.UUID(staff.account_id), role="staff"
        )
        token = issue_token(
            member, secret=settings.jwt_secret, issuer=settings.jwt_issuer, ttl=timedelta(minutes=5)
        )
        response = await portal.client.patch(
            "/api/portal/account",
            json={"primary_color": "#000000"},
            headers={"Authorization": f"Bearer {token}"},
        )
        assert response.status_code == 403
        assert response.json()["code"] == "admin_only"
