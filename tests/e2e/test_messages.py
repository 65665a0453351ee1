"""Issue 4's messages and appointments end to end, over HTTP only: a message with "notify"
reaches exactly the registered contacts who can see it, an edit sends nothing, and an
appointment without "notify" is on the start page but in nobody's mailbox."""

from __future__ import annotations

import time
import uuid
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from tests.e2e.helpers import Api, Stack, eventually, login

SETTLE = 4.0  # seconds: longer than notify's settle time plus a send


def announcements(stack: Stack) -> None:
    run = uuid.uuid4().hex[:8]
    address = lambda who: f"{who}-{run}@e2e.example"  # noqa: E731
    password = "geheim-" + run
    stack.create_account(
        name=f"HV Post {run}", admin_email=address("admin"), admin_password=password
    )
    staff = login(stack, address("admin"), password)

    def place(name: str) -> tuple[dict[str, Any], dict[str, Any]]:
        house = staff.ok("POST", "portal", "/properties", json={"name": f"{name} ({run})"})
        unit = staff.ok("POST", "portal", f"/properties/{house['id']}/units", json={"name": "WE 1"})
        return house, unit

    house, unit = place("Ahornweg 1")
    _, other_unit = place("Buchenweg 2")
    long_ago = (date.today() - timedelta(days=900)).isoformat()

    def person(who: str, unit: dict[str, Any], role: str, *, registered: bool) -> dict[str, Any]:
        contact = staff.ok("POST", "portal", "/contacts", json={"name": who, "email": address(who)})
        contract = staff.ok(
            "POST",
            "portal",
            "/contracts",
            json={
                "contact_id": contact["id"],
                "unit_id": unit["id"],
                "role": role,
                "start": long_ago,
            },
        )
        if registered:
            code = staff.ok(
                "POST",
                "portal",
                f"/contacts/{contact['id']}/invitations",
                json={"send_email": False},
            )["code"]
            Api(stack).ok(
                "POST",
                "portal",
                "/register",
                json={
                    "code": code,
                    "email": address(who),
                    "password": password,
                    "display_name": who,
                },
            )
        return contact | {"contract_id": contract["id"]}

    person("tenant", unit, "tenant", registered=True)
    person("owner", unit, "owner", registered=True)
    person("unregistered", unit, "tenant", registered=False)
    former = person("former", unit, "tenant", registered=True)
    person("neighbour", other_unit, "tenant", registered=True)
    # The former tenant moved out last month (no access after the contract by default).
    yesterday = (date.today() - timedelta(days=30)).isoformat()
    staff.ok("PATCH", "portal", f"/contracts/{former['contract_id']}", json={"end": yesterday})

    ours = lambda: [m for m in stack.mails() if any(run in r for r in m.recipients)]  # noqa: E731
    message = staff.ok(
        "POST",
        "portal",
        "/messages",
        json={
            "title": "Wasserabstellung",
            "text": "Am Freitag ist das Wasser abgestellt.",
            "property_ids": [house["id"]],
        },
    )
    expected = {address("tenant"), address("owner")}
    eventually(
        lambda: {r for m in ours() for r in m.recipients} == expected,
        what=f"the message e-mail to {sorted(expected)}",
    )
    time.sleep(SETTLE)
    mails = ours()
    assert sorted(r for m in mails for r in m.recipients) == sorted(expected)
    assert all("Wasserabstellung" in m.subject + m.text for m in mails)

    # An edit changes what residents read and sends nothing.
    staff.ok("PATCH", "portal", f"/announcements/{message['id']}", json={"text": "Am Samstag."})
    starts = datetime.now(ZoneInfo("Europe/Berlin")).replace(microsecond=0) + timedelta(days=7)
    staff.ok(
        "POST",
        "portal",
        "/appointments",
        json={
            "title": "Eigentümerversammlung",
            "text": "Im Gemeindesaal.",
            "property_ids": [house["id"]],
            "starts_at": starts.isoformat(),
            "place": "Gemeindesaal",
        },
    )
    time.sleep(SETTLE)
    assert len(ours()) == len(mails)

    resident = login(stack, address("tenant"), password)
    home = resident.ok("GET", "portal", "/my/home")
    assert [m["title"] for m in home["messages"]] == ["Wasserabstellung"]
    assert "Am Samstag." in home["messages"][0]["text"]
    assert [a["title"] for a in home["appointments"]] == ["Eigentümerversammlung"]
    neighbour = login(stack, address("neighbour"), password)
    assert neighbour.ok("GET", "portal", "/my/home")["messages"] == []


def test_announcements_on_the_embedded_default(embedded_stack: Stack) -> None:
    announcements(embedded_stack)


@pytest.mark.kafka
@pytest.mark.s3
@pytest.mark.postgres
@pytest.mark.smtp
def test_announcements_on_five_processes_and_real_infrastructure(process_stack: Stack) -> None:
    announcements(process_stack)
