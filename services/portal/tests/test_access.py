"""Who may do what: admin-only settings, staff invitations and roles, refresh and logout,
password reset."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, urlsplit

from sqlalchemy import select

from hausportal.contracts.envelope import Event
from hausportal.contracts.topics import PORTAL_DIRECTORY, PORTAL_EVENTS
from hausportal.portal.models import messaging

if TYPE_CHECKING:
    from conftest import Portal, Staff

API = "/api/portal"
PORTAL_URL = "http://127.0.0.1:8000/portal"
NOW = datetime(2026, 6, 17, 10, 0, tzinfo=UTC)
ADMIN_ONLY = (
    "Das dürfen nur Administratoren Ihrer Hausverwaltung. Bitte wenden Sie sich an einen "
    "Administrator."
)


async def outbox(portal: Portal, topic: Any, account_id: str) -> list[Event]:
    table = messaging.outbox
    async with portal.runtime.sessionmaker() as session:
        rows = await session.execute(
            select(table.c.payload).where(table.c.topic == topic.name).order_by(table.c.id)
        )
        parsed = [topic.parse(row.payload) for row in rows]
    return [e for e in parsed if str(e.account_id) == account_id]


def token_of(link: str) -> str:
    return parse_qs(urlsplit(link).query)["token"][0]


async def invite_staff(
    portal: Portal, admin: Staff, email: str, *, role: str = "staff", name: str = "Nele Neu"
) -> Any:
    return await portal.client.post(
        f"{API}/staff/invitations",
        json={"email": email, "name": name, "role": role},
        headers=admin.headers,
    )


async def new_staff_member(
    portal: Portal, admin: Staff, email: str = "nele@example.com", *, role: str = "staff"
) -> dict[str, Any]:
    """Invited and registered; the registration's login answer."""
    invited = await invite_staff(portal, admin, email, role=role)
    assert invited.status_code == 201, invited.text
    registered = await portal.client.post(
        f"{API}/staff/register",
        json={"token": token_of(invited.json()["link"]), "password": "nele-passwort"},
    )
    assert registered.status_code == 201, registered.text
    return registered.json()  # type: ignore[no-any-return]


async def tenant_login(portal: Portal, admin: Staff, *, end: str | None = None) -> dict[str, Any]:
    """A tenant registered through a code; the registration's login answer."""

    async def created(path: str, body: dict[str, Any]) -> dict[str, Any]:
        response = await portal.client.post(f"{API}{path}", json=body, headers=admin.headers)
        assert response.status_code == 201, response.text
        return response.json()  # type: ignore[no-any-return]

    prop = await created("/properties", {"name": "Haus"})
    unit = await created(f"/properties/{prop['id']}/units", {"name": "WE 1"})
    contact = await created("/contacts", {"name": "Max Mieter", "email": "max@example.com"})
    await created(
        "/contracts",
        {
            "contact_id": contact["id"],
            "unit_id": unit["id"],
            "role": "tenant",
            "start": "2020-01-01",
            "end": end,
        },
    )
    code = (await created(f"/contacts/{contact['id']}/invitations", {"send_email": False}))["code"]
    response = await portal.client.post(
        f"{API}/register",
        json={
            "code": code,
            "email": "max@example.com",
            "password": "mein-passwort",
            "display_name": "Max",
        },
    )
    assert response.status_code == 201, response.text
    return response.json() | {"contract_unit": unit["id"]}  # type: ignore[no-any-return]


async def refresh(portal: Portal, token: str) -> Any:
    return await portal.client.post(f"{API}/auth/refresh", json={"refresh_token": token})


class TestAdminOnly:
    async def test_staff_may_not_change_settings_or_staff(
        self, portal: Portal, staff: Staff
    ) -> None:
        member = await new_staff_member(portal, staff)
        headers = portal.bearer(member)
        attempts = [
            portal.client.patch(
                f"{API}/account", json={"access_post_contract_days": 30}, headers=headers
            ),
            portal.client.post(
                f"{API}/staff/invitations",
                json={"email": "x@example.com", "name": "X", "role": "admin"},
                headers=headers,
            ),
            portal.client.patch(
                f"{API}/staff/{member['subject_id']}", json={"role": "admin"}, headers=headers
            ),
        ]
        for attempt in attempts:
            response = await attempt
            assert response.status_code == 403, response.text
            assert response.json() == {"code": "admin_only", "message": ADMIN_ONLY}
        account = (await portal.client.get(f"{API}/account", headers=headers)).json()
        assert account["access"]["post_contract_days"] is None
        # Staff may read the settings and see their colleagues.
        listed = await portal.client.get(f"{API}/staff", headers=headers)
        assert listed.status_code == 200
        assert {m["email"] for m in listed.json()["items"]} == {staff.email, "nele@example.com"}

    async def test_a_contact_may_not_either(self, portal: Portal, staff: Staff) -> None:
        contact = await tenant_login(portal, staff)
        response = await portal.client.patch(
            f"{API}/account", json={"name": "Meins"}, headers=portal.bearer(contact)
        )
        assert response.status_code == 403

    async def test_an_admin_demoted_a_minute_ago_cannot_use_the_old_token(
        self, portal: Portal, staff: Staff
    ) -> None:
        second = await new_staff_member(portal, staff, "zweite@example.com", role="admin")
        demoted = await portal.client.patch(
            f"{API}/staff/{second['subject_id']}", json={"role": "staff"}, headers=staff.headers
        )
        assert demoted.status_code == 200, demoted.text
        response = await portal.client.patch(
            f"{API}/account", json={"name": "Umbenannt"}, headers=portal.bearer(second)
        )
        assert response.status_code == 403
        assert response.json()["code"] == "admin_only"

    async def test_admin_changes_access_windows_with_an_event(
        self, portal: Portal, staff: Staff
    ) -> None:
        response = await portal.client.patch(
            f"{API}/account",
            json={"access_pre_contract_days": 14, "access_post_contract_days": 30},
            headers=staff.headers,
        )
        assert response.status_code == 200
        last = (await outbox(portal, PORTAL_DIRECTORY, staff.account_id))[-1]
        assert last.type == "portal.account.upserted"
        assert last.payload.access.pre_contract_days == 14  # type: ignore[attr-defined]
        assert last.payload.access.post_contract_days == 30  # type: ignore[attr-defined]
        # Switched off again: null.
        off = await portal.client.patch(
            f"{API}/account", json={"access_pre_contract_days": None}, headers=staff.headers
        )
        assert off.json()["access"] == {"pre_contract_days": None, "post_contract_days": 30}


class TestStaffInvitation:
    async def test_invited_by_email_valid_three_days(self, portal: Portal, staff: Staff) -> None:
        portal.clock.set(NOW)
        invited = await invite_staff(portal, staff, "Nele@Example.com", role="admin")
        assert invited.status_code == 201, invited.text
        body = invited.json()
        assert body["expires_at"].startswith("2026-06-20T10:00")
        assert body["link"].startswith(f"{PORTAL_URL}/mitarbeiter/registrieren?token=")
        (event,) = [
            e
            for e in await outbox(portal, PORTAL_EVENTS, staff.account_id)
            if e.type == "portal.invitation.created"
        ]
        mail = event.payload
        assert mail.kind == "staff"  # type: ignore[attr-defined]
        assert mail.email == "nele@example.com"  # type: ignore[attr-defined]
        assert mail.name == "Nele Neu"  # type: ignore[attr-defined]
        assert mail.staff_role == "admin"  # type: ignore[attr-defined]
        assert mail.link == body["link"]  # type: ignore[attr-defined]

        registered = await portal.client.post(
            f"{API}/staff/register",
            json={"token": token_of(body["link"]), "password": "nele-passwort", "name": "Nele"},
        )
        assert registered.status_code == 201, registered.text
        assert registered.json()["kind"] == "staff"
        upserted = (await outbox(portal, PORTAL_DIRECTORY, staff.account_id))[-1]
        assert upserted.type == "portal.staff.upserted"
        assert upserted.payload.role == "admin"  # type: ignore[attr-defined]
        login = await portal.login("nele@example.com", "nele-passwort")
        assert login.status_code == 200
        # The new admin may change settings.
        renamed = await portal.client.patch(
            f"{API}/account", json={"name": "Neu"}, headers=portal.bearer(login.json())
        )
        assert renamed.status_code == 200

        again = await portal.client.post(
            f"{API}/staff/register",
            json={"token": token_of(body["link"]), "password": "nele-passwort"},
        )
        assert again.status_code == 410
        assert again.json()["code"] == "token_used"

    async def test_the_link_expires_after_three_days(self, portal: Portal, staff: Staff) -> None:
        invited = (await invite_staff(portal, staff, "spaet@example.com")).json()
        portal.clock.advance(timedelta(hours=72, seconds=1))
        late = await portal.client.post(
            f"{API}/staff/register",
            json={"token": token_of(invited["link"]), "password": "zu-spaet-1"},
        )
        assert late.status_code == 410
        assert late.json()["code"] == "token_expired"

    async def test_a_colleague_is_invited_once(self, portal: Portal, staff: Staff) -> None:
        taken = await invite_staff(portal, staff, staff.email)
        assert taken.status_code == 409
        assert taken.json()["code"] == "staff_email_taken"
        first = (await invite_staff(portal, staff, "neu@example.com")).json()
        second = (await invite_staff(portal, staff, "neu@example.com")).json()
        replaced = await portal.client.post(
            f"{API}/staff/register", json={"token": token_of(first["link"]), "password": "x" * 8}
        )
        assert replaced.status_code == 410
        assert replaced.json()["code"] == "token_revoked"
        assert (
            await portal.client.post(
                f"{API}/staff/register",
                json={"token": token_of(second["link"]), "password": "x" * 8},
            )
        ).status_code == 201

    async def test_a_contact_code_is_no_staff_link(self, portal: Portal, staff: Staff) -> None:
        wrong = await portal.client.post(
            f"{API}/staff/register", json={"token": "ausgedacht", "password": "x" * 8}
        )
        assert wrong.status_code == 400
        assert wrong.json()["code"] == "token_invalid"


class TestRolesAndDeactivation:
    async def test_the_last_active_admin_stays(self, portal: Portal, staff: Staff) -> None:
        own_id = (await portal.login(staff.email, portal.password)).json()["subject_id"]
        for change in ({"role": "staff"}, {"active": False}):
            refused = await portal.client.patch(
                f"{API}/staff/{own_id}", json=change, headers=staff.headers
            )
            assert refused.status_code == 409, refused.text
            assert refused.json()["code"] == "last_admin"
        member = await new_staff_member(portal, staff)
        promoted = await portal.client.patch(
            f"{API}/staff/{member['subject_id']}", json={"role": "admin"}, headers=staff.headers
        )
        assert promoted.json()["role"] == "admin"
        stepped_down = await portal.client.patch(
            f"{API}/staff/{own_id}", json={"role": "staff"}, headers=staff.headers
        )
        assert stepped_down.status_code == 200
        assert stepped_down.json()["role"] == "staff"

    async def test_a_deactivated_member_cannot_log_in_or_refresh(
        self, portal: Portal, staff: Staff
    ) -> None:
        member = await new_staff_member(portal, staff)
        deactivated = await portal.client.patch(
            f"{API}/staff/{member['subject_id']}", json={"active": False}, headers=staff.headers
        )
        assert deactivated.status_code == 200
        assert deactivated.json()["active"] is False
        upserted = (await outbox(portal, PORTAL_DIRECTORY, staff.account_id))[-1]
        assert upserted.payload.active is False  # type: ignore[attr-defined]
        login = await portal.login("nele@example.com", "nele-passwort")
        assert login.status_code == 401
        assert (await refresh(portal, member["refresh_token"])).status_code == 401

    async def test_another_account_finds_no_staff(self, portal: Portal, staff: Staff) -> None:
        member = await new_staff_member(portal, staff)
        other = await portal.new_account("Fremde Verwaltung")
        response = await portal.client.patch(
            f"{API}/staff/{member['subject_id']}", json={"active": False}, headers=other.headers
        )
        assert response.status_code == 404
        assert response.json()["code"] == "staff_not_found"
        listed = (await portal.client.get(f"{API}/staff", headers=other.headers)).json()
        assert [m["email"] for m in listed["items"]] == [other.email]


class TestRefresh:
    async def test_refresh_rotates_and_a_reused_token_ends_the_login(
        self, portal: Portal, staff: Staff
    ) -> None:
        login = (await portal.login(staff.email, portal.password)).json()
        first = login["refresh_token"]
        refreshed = await refresh(portal, first)
        assert refreshed.status_code == 200, refreshed.text
        second = refreshed.json()["refresh_token"]
        assert second != first
        assert refreshed.json()["kind"] == "staff"
        account = await portal.client.get(f"{API}/account", headers=portal.bearer(refreshed.json()))
        assert account.status_code == 200

        reused = await refresh(portal, first)
        assert reused.status_code == 401
        assert reused.json()["code"] == "refresh_token_reused"
        # The thief's or the owner's newer token is gone too: the whole login ended.
        after = await refresh(portal, second)
        assert after.status_code == 401
        assert after.json()["code"] == "refresh_token_invalid"
        # Other logins of the same person are not touched.
        other_login = (await portal.login(staff.email, portal.password)).json()
        assert (await refresh(portal, other_login["refresh_token"])).status_code == 200

    async def test_logout_ends_the_login(self, portal: Portal, staff: Staff) -> None:
        login = (await portal.login(staff.email, portal.password)).json()
        out = await portal.client.post(
            f"{API}/auth/logout", json={"refresh_token": login["refresh_token"]}
        )
        assert out.status_code == 204
        assert (await refresh(portal, login["refresh_token"])).status_code == 401
        # Unknown tokens log out quietly.
        unknown = await portal.client.post(f"{API}/auth/logout", json={"refresh_token": "x"})
        assert unknown.status_code == 204

    async def test_a_login_lasts_thirty_days_without_refresh(
        self, portal: Portal, staff: Staff
    ) -> None:
        login = (await portal.login(staff.email, portal.password)).json()
        portal.clock.advance(timedelta(days=29))
        kept = await refresh(portal, login["refresh_token"])
        assert kept.status_code == 200
        portal.clock.advance(timedelta(days=30, seconds=1))
        expired = await refresh(portal, kept.json()["refresh_token"])
        assert expired.status_code == 401
        assert expired.json()["code"] == "refresh_token_expired"

    async def test_refresh_checks_the_contacts_access_window(
        self, portal: Portal, staff: Staff
    ) -> None:
        portal.clock.set(NOW)
        contact = await tenant_login(portal, staff, end="2026-06-30")
        refreshed = await refresh(portal, contact["refresh_token"])
        assert refreshed.status_code == 200
        portal.clock.set(datetime(2026, 7, 1, 10, 0, tzinfo=UTC))
        refused = await refresh(portal, refreshed.json()["refresh_token"])
        assert refused.status_code == 403
        assert refused.json()["code"] == "no_portal_access"


async def reset_links(portal: Portal, staff: Staff) -> list[Any]:
    return [
        e.payload
        for e in await outbox(portal, PORTAL_EVENTS, staff.account_id)
        if e.type == "portal.password_reset.requested"
    ]


class TestPasswordReset:
    async def test_staff_resets_the_password_by_email(self, portal: Portal, staff: Staff) -> None:
        portal.clock.set(NOW)
        old_login = (await portal.login(staff.email, portal.password)).json()
        requested = await portal.client.post(
            f"{API}/auth/password-reset", json={"email": staff.email.upper()}
        )
        assert requested.status_code == 202
        (mail,) = await reset_links(portal, staff)
        assert mail.email == staff.email
        assert mail.name == "Anna Admin"
        assert mail.link.startswith(f"{PORTAL_URL}/passwort-neu?token=")
        assert mail.expires_at == NOW + timedelta(hours=2)

        confirmed = await portal.client.post(
            f"{API}/auth/password-reset/confirm",
            json={"token": token_of(mail.link), "password": "ganz-neu-123"},
        )
        assert confirmed.status_code == 204, confirmed.text
        assert (await portal.login(staff.email, portal.password)).status_code == 401
        assert (await portal.login(staff.email, "ganz-neu-123")).status_code == 200
        # Logins from before the reset end.
        assert (await refresh(portal, old_login["refresh_token"])).status_code == 401

        again = await portal.client.post(
            f"{API}/auth/password-reset/confirm",
            json={"token": token_of(mail.link), "password": "noch-neuer-1"},
        )
        assert again.status_code == 410
        assert again.json()["code"] == "reset_token_used"

    async def test_a_contact_resets_too_and_links_expire(
        self, portal: Portal, staff: Staff
    ) -> None:
        await tenant_login(portal, staff)
        await portal.client.post(f"{API}/auth/password-reset", json={"email": "max@example.com"})
        await portal.client.post(f"{API}/auth/password-reset", json={"email": "max@example.com"})
        first, second = await reset_links(portal, staff)
        assert first.name == "Max"
        replaced = await portal.client.post(
            f"{API}/auth/password-reset/confirm",
            json={"token": token_of(first.link), "password": "neues-passwort"},
        )
        assert replaced.status_code == 410
        portal.clock.advance(timedelta(hours=2, seconds=1))
        expired = await portal.client.post(
            f"{API}/auth/password-reset/confirm",
            json={"token": token_of(second.link), "password": "neues-passwort"},
        )
        assert expired.status_code == 410
        assert expired.json()["code"] == "reset_token_expired"
        assert (await portal.login("max@example.com", "mein-passwort")).status_code == 200

        await portal.client.post(f"{API}/auth/password-reset", json={"email": "max@example.com"})
        third = (await reset_links(portal, staff))[-1]
        done = await portal.client.post(
            f"{API}/auth/password-reset/confirm",
            json={"token": token_of(third.link), "password": "neues-passwort"},
        )
        assert done.status_code == 204
        assert (await portal.login("max@example.com", "neues-passwort")).status_code == 200

    async def test_an_unknown_address_gets_the_same_answer_and_no_mail(
        self, portal: Portal, staff: Staff
    ) -> None:
        for email in ("niemand@example.com", "kein at"):
            response = await portal.client.post(f"{API}/auth/password-reset", json={"email": email})
            assert response.status_code == 202
            assert response.content == b""
        assert await reset_links(portal, staff) == []
        table = messaging.outbox
        async with portal.runtime.sessionmaker() as session:
            topics = set(await session.scalars(select(table.c.topic)))
        assert PORTAL_EVENTS.name not in topics

    async def test_a_made_up_token(self, portal: Portal, staff: Staff) -> None:
        response = await portal.client.post(
            f"{API}/auth/password-reset/confirm",
            json={"token": "ausgedacht", "password": "neues-passwort"},
        )
        assert response.status_code == 400
        assert response.json()["code"] == "reset_token_invalid"
