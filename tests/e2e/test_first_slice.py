"""Issue 3's first slice end to end, over HTTP only: master data in portal, documents for the
property's tenants, a unit's owners and staff only, who sees and downloads what, who got mail.

The same scenario runs on the embedded default (fast suite) and on five service processes
against the real PostgreSQL, Kafka, S3 and SMTP.
"""

from __future__ import annotations

import time
import uuid
from datetime import date, timedelta
from typing import Any

import pytest
from tests.e2e.helpers import Api, Stack, eventually, login, my_titles, upload


def first_slice(stack: Stack) -> None:
    run = uuid.uuid4().hex[:8]
    address = lambda who: f"{who}-{run}@e2e.example"  # noqa: E731
    stack.create_account(
        name=f"Hausverwaltung Sonnig {run}",
        admin_email=address("admin"),
        admin_password="pw-" + run * 2,
    )
    staff = login(stack, address("admin"), "pw-" + run * 2)

    house = staff.ok(
        "POST",
        "portal",
        "/properties",
        json={
            "name": f"Lindenallee 5 ({run})",
            "street": "Lindenallee 5",
            "zip_code": "10115",
            "city": "Berlin",
        },
    )
    unit1 = staff.ok("POST", "portal", f"/properties/{house['id']}/units", json={"name": "WE 01"})
    unit2 = staff.ok("POST", "portal", f"/properties/{house['id']}/units", json={"name": "WE 02"})

    def person(who: str, name: str) -> dict[str, Any]:
        return staff.ok(
            "POST",
            "portal",
            "/contacts",
            json={
                "name": name,
                "email": address(who),
                "street": "Lindenallee 5",
                "zip_code": "10115",
                "city": "Berlin",
            },
        )

    tenant1, tenant2, owner = (
        person("tenant1", "Tina Mieterin"),
        person("tenant2", "Theo Mieter"),
        person("owner", "Olga Eigentümerin"),
    )
    start = (date.today() - timedelta(days=400)).isoformat()
    for contact, unit, role in (
        (tenant1, unit1, "tenant"),
        (tenant2, unit2, "tenant"),
        (owner, unit1, "owner"),
    ):
        staff.ok(
            "POST",
            "portal",
            "/contracts",
            json={"contact_id": contact["id"], "unit_id": unit["id"], "role": role, "start": start},
        )

    def register(contact: dict[str, Any], who: str) -> Api:
        token = staff.ok("POST", "portal", f"/contacts/{contact['id']}/registration-token")["token"]
        body = Api(stack).ok(
            "POST",
            "portal",
            "/register",
            json={
                "token": token,
                "email": address(who),
                "password": "geheim-" + run,
                "display_name": who,
            },
        )
        return Api(stack, body["access_token"])

    tenant1_api, owner_api = register(tenant1, "tenant1"), register(owner, "owner")
    # Tenant 2 stays unregistered: no portal login, so no e-mail either.

    tenants_pdf = b"%PDF-1.4\n% Hausordnung " + run.encode() + b"\n%%EOF\n"
    tenants_doc = upload(
        staff,
        property_id=house["id"],
        name="Hausordnung.pdf",
        content=tenants_pdf,
        title="Hausordnung 2027",
        document_type="Rundschreiben",
        groups="tenants",
        notify_now="true",
    )
    unit2_owners_doc = upload(
        staff,
        property_id=house["id"],
        name="Protokoll.pdf",
        content=b"%PDF-1.4 owners WE 02",
        unit_id=unit2["id"],
        title="Protokoll WE 02",
        document_type="Protokoll",
        groups="owners",
    )
    internal_doc = upload(
        staff,
        property_id=house["id"],
        name="Notiz.pdf",
        content=b"%PDF-1.4 intern",
        title="Interne Notiz",
        document_type="Sonstiges",
        internal="true",
    )
    # The owner's control: a document the owner of unit 1 must see, so that what they must not
    # see is checked against a read model that already knows their contract.
    unit1_owners_doc = upload(
        staff,
        property_id=house["id"],
        name="Abrechnung.pdf",
        content=b"%PDF-1.4 owners WE 01",
        unit_id=unit1["id"],
        title="Abrechnung WE 01",
        document_type="Abrechnung",
        groups="owners",
    )

    # Tenant 1 sees only the tenants' document, and downloads exactly its bytes.
    eventually(lambda: my_titles(tenant1_api), what="tenant 1 sees a document")
    assert my_titles(tenant1_api) == {"Hausordnung 2027"}
    download = tenant1_api.call("GET", "documents", f"/my/documents/{tenants_doc['id']}/content")
    assert download.status_code == 200
    assert download.content == tenants_pdf
    # ... and the download is in the audit.
    audit = staff.ok("GET", "documents", f"/documents/{tenants_doc['id']}/downloads")
    audited = audit["items"] if isinstance(audit, dict) else audit
    assert [entry["contact_id"] for entry in audited] == [tenant1["id"]]

    # The owner of unit 1 sees neither the tenants' nor unit 2's owners' document.
    eventually(lambda: my_titles(owner_api), what="the owner sees the unit 1 owners' document")
    assert my_titles(owner_api) == {"Abrechnung WE 01"}
    for hidden in (tenants_doc, unit2_owners_doc, internal_doc):
        assert (
            owner_api.call("GET", "documents", f"/my/documents/{hidden['id']}").status_code == 404
        )
        assert (
            owner_api.call("GET", "documents", f"/my/documents/{hidden['id']}/content").status_code
            == 404
        )
    for hidden in (unit2_owners_doc, internal_doc, unit1_owners_doc):
        assert (
            tenant1_api.call(
                "GET", "documents", f"/my/documents/{hidden['id']}/content"
            ).status_code
            == 404
        )

    # Exactly one e-mail reached the SMTP server: for tenant 1, with title and link, no file.
    ours = lambda: [m for m in stack.mails() if any(run in r for r in m.recipients)]  # noqa: E731
    (mail,) = eventually(ours, what="the e-mail to tenant 1")
    assert mail.recipients == (address("tenant1"),)
    assert "Hausordnung 2027" in mail.subject + mail.text
    assert tenants_doc["id"] in mail.text
    assert mail.attachments == ()
    assert tenants_pdf.decode(errors="ignore") not in mail.text
    time.sleep(3)  # a second e-mail (to anyone of this run) would have arrived by now
    assert len(ours()) == 1, [m.recipients for m in ours()]

    # Staff of another account get 404 for every one of these documents.
    other = uuid.uuid4().hex[:8]
    stack.create_account(
        name=f"Andere HV {other}",
        admin_email=f"admin-{other}@e2e.example",
        admin_password="pw-" + other * 2,
    )
    stranger = login(stack, f"admin-{other}@e2e.example", "pw-" + other * 2)
    for document in (tenants_doc, unit2_owners_doc, internal_doc, unit1_owners_doc):
        assert stranger.call("GET", "documents", f"/documents/{document['id']}").status_code == 404
        assert (
            stranger.call("GET", "documents", f"/documents/{document['id']}/content").status_code
            == 404
        )
    assert stranger.ok("GET", "documents", "/documents")["total"] == 0


def test_first_slice_on_the_embedded_default(embedded_stack: Stack) -> None:
    first_slice(embedded_stack)


@pytest.mark.kafka
@pytest.mark.s3
@pytest.mark.postgres
@pytest.mark.smtp
def test_first_slice_on_five_processes_and_real_infrastructure(process_stack: Stack) -> None:
    first_slice(process_stack)
