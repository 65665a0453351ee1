"""Issue 4's access-window story end to end, over HTTP only, with the time set for every
service at once (a clock file), never by sleeping:

Tenant A's contract of a unit ends on 30 June, tenant B's of the same unit starts on 1 July;
the account grants 14 days before a contract and 30 days after it. A letter went to A alone in
May, a notice to the unit's tenants in June. B may register from 17 June, sees the notice only
from 1 July and never A's letter; A still reads the letter on 30 July and is shut out on 31 July.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from tests.e2e.helpers import Api, Stack, eventually, login, my_titles, upload

BERLIN = ZoneInfo("Europe/Berlin")


def at(day: str) -> datetime:
    """10:00 in Berlin on ``day`` (YYYY-MM-DD)."""
    return datetime.fromisoformat(f"{day}T10:00").replace(tzinfo=BERLIN)


def access_story(stack: Stack) -> None:
    run = uuid.uuid4().hex[:8]
    address = lambda who: f"{who}-{run}@e2e.example"  # noqa: E731
    password = "geheim-" + run
    stack.clock.set(at("2027-05-10"))
    stack.create_account(
        name=f"HV Zeitfenster {run}", admin_email=address("admin"), admin_password=password
    )
    staff = login(stack, address("admin"), password)
    staff.ok(
        "PATCH",
        "portal",
        "/account",
        json={"access_pre_contract_days": 14, "access_post_contract_days": 30},
    )
    house = staff.ok("POST", "portal", "/properties", json={"name": f"Birkenweg 3 ({run})"})
    unit = staff.ok("POST", "portal", f"/properties/{house['id']}/units", json={"name": "WE 3"})
    tenant_a = staff.ok(
        "POST", "portal", "/contacts", json={"name": "Anna Alt", "email": address("a")}
    )
    tenant_b = staff.ok(
        "POST", "portal", "/contacts", json={"name": "Bernd Neu", "email": address("b")}
    )
    for contact, start, end in (
        (tenant_a, "2024-01-01", "2027-06-30"),
        (tenant_b, "2027-07-01", None),
    ):
        staff.ok(
            "POST",
            "portal",
            "/contracts",
            json={
                "contact_id": contact["id"],
                "unit_id": unit["id"],
                "role": "tenant",
                "start": start,
                "end": end,
            },
        )

    def invite(contact: dict[str, Any]) -> Any:
        path = f"/contacts/{contact['id']}/invitations"
        return staff.call("POST", "portal", path, json={"send_email": False})

    def register(contact: dict[str, Any], who: str) -> Any:
        invitation = invite(contact)
        assert invitation.status_code == 201, invitation.text
        return Api(stack).call(
            "POST",
            "portal",
            "/register",
            json={
                "code": invitation.json()["code"],
                "email": address(who),
                "password": password,
                "display_name": who,
            },
        )

    assert register(tenant_a, "a").status_code == 201
    a_letter = upload(
        staff,
        property_id=house["id"],
        name="Brief.pdf",
        content=b"%PDF-1.4 fuer A",
        unit_id=unit["id"],
        title="Brief an Anna",
        contact_id=tenant_a["id"],
    )

    stack.clock.set(at("2027-06-10"))
    notice = upload(
        staff,
        property_id=house["id"],
        name="Aushang.pdf",
        content=b"%PDF-1.4 Mieter WE 3",
        unit_id=unit["id"],
        title="Aushang Wasser",
        groups="tenants",
    )

    # B may be invited and register from 17 June (14 days before the contract), not earlier.
    stack.clock.set(at("2027-06-16"))
    refused = invite(tenant_b)
    assert refused.status_code == 409, refused.text
    assert refused.json()["code"] == "contact_outside_access_window"
    stack.clock.set(at("2027-06-17"))
    assert register(tenant_b, "b").status_code == 201
    b = login(stack, address("b"), password)

    # From 1 July B is a tenant of the unit: the unit's notice, never A's letter.
    stack.clock.set(at("2027-07-01"))
    eventually(lambda: my_titles(b) == {"Aushang Wasser"}, what="B sees the unit's notice")
    assert b.call("GET", "documents", f"/my/documents/{a_letter['id']}").status_code == 404
    # On 17 June B was in its window but not yet a tenant: group sharing needs a contract.
    stack.clock.set(at("2027-06-17"))
    assert my_titles(b) == set()
    assert b.call("GET", "documents", f"/my/documents/{notice['id']}").status_code == 404

    # A reads its letter until 30 July (30 days after the contract), the notice no longer.
    stack.clock.set(at("2027-07-30"))
    a = login(stack, address("a"), password)
    eventually(lambda: my_titles(a) == {"Brief an Anna"}, what="A still sees its letter")
    letter = a.call("GET", "documents", f"/my/documents/{a_letter['id']}/content")
    assert letter.content == b"%PDF-1.4 fuer A"

    stack.clock.set(at("2027-07-31"))
    shut_out = Api(stack).call(
        "POST", "portal", "/auth/login", json={"email": address("a"), "password": password}
    )
    assert shut_out.status_code == 403
    assert shut_out.json()["code"] == "no_portal_access"
    # A token from the day before opens nothing either.
    assert a.call("GET", "documents", f"/my/documents/{a_letter['id']}").status_code == 404
    assert my_titles(a) == set()
    assert my_titles(b) == {"Aushang Wasser"}


# Each test has its own stack (the embedded one is per module), so the moved clock stays here.
def test_access_windows_on_the_embedded_default(embedded_stack: Stack) -> None:
    access_story(embedded_stack)


@pytest.mark.kafka
@pytest.mark.s3
@pytest.mark.postgres
@pytest.mark.smtp
def test_access_windows_on_five_processes_and_real_infrastructure(process_stack: Stack) -> None:
    access_story(process_stack)
