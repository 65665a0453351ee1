"""Issue 7's SmartTask tickets end to end, over HTTP only: a tenant reports with a required
custom field and a photo, the responsible staff member hears of it, staff comment internally
and publicly and set "in progress" (the tenant gets exactly those two e-mails, neither
mentioning the internal comment), the neighbour gets 404, the tenant's PDF has no internal
comment, and the tenant reopens the ticket after it was done."""

from __future__ import annotations

import io
import json
import time
import uuid
from datetime import date, timedelta
from typing import Any

import httpx
import pypdfium2
import pytest
from tests.e2e.helpers import Api, Stack, eventually, login

SETTLE = 4.0  # seconds: longer than notify's settle time plus a send
INTERNAL = "Intern: Kostenübernahme durch Eigentümer prüfen"
PUBLIC = "Der Installateur kommt am Donnerstag zwischen 8 und 12 Uhr."
PHOTO = b"\x89PNG\r\n\x1a\n" + b"\x00" * 200


def _pdf_text(content: bytes) -> str:
    document = pypdfium2.PdfDocument(io.BytesIO(content))
    try:
        return "\n".join(page.get_textpage().get_text_range() for page in document)
    finally:
        document.close()


def tickets(stack: Stack) -> None:
    run = uuid.uuid4().hex[:8]
    address = lambda who: f"{who}-{run}@e2e.example"  # noqa: E731
    password = "geheim-" + run
    stack.create_account(
        name=f"HV Wärme {run}", admin_email=address("admin"), admin_password=password
    )
    staff = login(stack, address("admin"), password)
    house = staff.ok("POST", "portal", "/properties", json={"name": f"Lindenweg 3 ({run})"})
    units = [
        staff.ok("POST", "portal", f"/properties/{house['id']}/units", json={"name": name})
        for name in ("WE 01", "WE 02")
    ]
    start = (date.today() - timedelta(days=400)).isoformat()

    def resident(who: str, unit: dict[str, Any]) -> Api:
        contact = staff.ok(
            "POST",
            "portal",
            "/contacts",
            json={"name": f"{who.title()} Müller", "email": address(who)},
        )
        staff.ok(
            "POST",
            "portal",
            "/contracts",
            json={
                "contact_id": contact["id"],
                "unit_id": unit["id"],
                "role": "tenant",
                "start": start,
            },
        )
        code = staff.ok(
            "POST", "portal", f"/contacts/{contact['id']}/invitations", json={"send_email": False}
        )["code"]
        Api(stack).ok(
            "POST",
            "portal",
            "/register",
            json={"code": code, "email": address(who), "password": password, "display_name": who},
        )
        return login(stack, address(who), password)

    tenant = resident("tenant", units[0])
    neighbour = resident("neighbour", units[1])

    types = {t["name"]: t for t in tenant.ok("GET", "tasks", "/ticket-types")}
    damage = types["Schaden melden"]
    assert any(f["required"] for f in damage["fields"])

    def report(values: dict[str, Any]) -> httpx.Response:
        return tenant.call(
            "POST",
            "tasks",
            "/tickets",
            data={
                "ticket_type_id": damage["id"],
                "title": "Heizung kalt",
                "description": "Die Heizung im Bad bleibt seit gestern kalt.",
                "property_id": house["id"],
                "unit_id": units[0]["id"],
                "field_values": json.dumps(values),
            },
            files=[("files", ("heizung.png", PHOTO, "image/png"))],
        )

    # tasks learns of the house and the tenant's contract through the portal's events.
    eventually(
        lambda: report({"ort": "Bad"}).status_code == 422,
        what="tasks knows the tenant's flat (and asks for the required field)",
    )
    missing = report({"ort": "Bad"}).json()
    assert "„Dringlichkeit“ ist ein Pflichtfeld" in missing["message"]
    created = report({"ort": "Bad", "dringlichkeit": "hoch"})
    assert created.status_code == 201, created.text
    ticket = created.json()
    path = f"/tickets/{ticket['id']}"
    assert [a["file_name"] for a in ticket["attachments"]] == ["heizung.png"]
    photo = tenant.call("GET", "tasks", f"{path}/attachments/{ticket['attachments'][0]['id']}")
    assert photo.content == PHOTO

    ours = lambda who: [m for m in stack.mails() if address(who) in m.recipients]  # noqa: E731
    eventually(
        lambda: any(ticket["number"] in m.subject + m.text for m in ours("admin")),
        what="the e-mail about the new ticket to the responsible staff member",
    )

    staff.ok("POST", "tasks", f"{path}/comments", json={"text": INTERNAL, "internal": True})
    staff.ok("POST", "tasks", f"{path}/comments", json={"text": PUBLIC})
    staff.ok("POST", "tasks", f"{path}/status", json={"status": "in_progress"})
    eventually(lambda: len(ours("tenant")) >= 2, what="the tenant's two e-mails")
    time.sleep(SETTLE)
    mails = ours("tenant")
    assert len(mails) == 2, [m.subject for m in mails]
    assert any(PUBLIC in m.text for m in mails)
    for mail in mails:
        assert "Kostenübernahme" not in mail.subject + mail.text + mail.html

    assert neighbour.call("GET", "tasks", path).status_code == 404
    assert neighbour.ok("GET", "tasks", "/tickets")["items"] == []

    pdf = tenant.call("GET", "tasks", f"{path}/pdf")
    assert pdf.status_code == 200
    text = _pdf_text(pdf.content)
    assert PUBLIC in text
    assert "Heizung kalt" in text
    assert "Kostenübernahme" not in text
    staff_pdf = _pdf_text(
        staff.call("GET", "tasks", f"{path}/pdf", params={"internal": "true"}).content
    )
    assert INTERNAL in staff_pdf

    staff.ok("POST", "tasks", f"{path}/status", json={"status": "done"})
    reopened = tenant.ok("POST", "tasks", f"{path}/reopen")
    assert reopened["status"] == "open"
    assert reopened["history"][-1]["actor"]["name"] == "Tenant Müller"


def test_tickets_on_the_embedded_default(embedded_stack: Stack) -> None:
    tickets(embedded_stack)


@pytest.mark.kafka
@pytest.mark.s3
@pytest.mark.postgres
@pytest.mark.smtp
def test_tickets_on_five_processes_and_real_infrastructure(process_stack: Stack) -> None:
    tickets(process_stack)
