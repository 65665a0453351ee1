"""SmartPost end to end, over HTTP only: 100 owners of one property imported into the portal,
one mail-merge PDF of 100 letters (1-4 pages) plus a 3-page attachment uploaded to smartpost,
split in the background, published, and every owner logs in and finds exactly its own letter:
its pages (text compared with the source) followed by the attachment, and nobody else's.

Runs on the embedded default and on five processes against PostgreSQL, Kafka, S3 and SMTP.
"""

from __future__ import annotations

import csv
import io
import random
import re
import tempfile
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import httpx
import pikepdf
import pypdfium2
import pytest
from tests.e2e.helpers import Api, Stack, eventually, login

from hausportal.smartpost.engine.extract import PDFIUM_LOCK
from hausportal.smartpost.engine.samples import (
    Recipient,
    SampleLetter,
    make_directory,
    write_attachment,
    write_serial_letter,
)

CONTACTS = 100
TITLE = "Hausgeldabrechnung 2025"


def _texts(content: bytes) -> list[str]:
    # pdfium is not thread-safe, and the owners are checked four at a time.
    with PDFIUM_LOCK:
        return _texts_locked(content)


def _texts_locked(content: bytes) -> list[str]:
    document = pypdfium2.PdfDocument(content)
    try:
        texts = []
        for page in document:
            text_page = page.get_textpage()
            texts.append(text_page.get_text_bounded())
            text_page.close()
            page.close()
        return texts
    finally:
        document.close()


def _import_owners(staff: Api, run: str, directory: Any) -> str:
    """The sample owners as the manager's import file; returns the property's name."""
    property_name = f"WEG Sonnenhof {run}"
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(
        [
            "Objekt",
            "Einheit",
            "Kontaktnummer",
            "Name",
            "E-Mail",
            "Straße",
            "PLZ",
            "Ort",
            "Rolle",
            "Beginn",
        ]
    )
    start = (date.today() - timedelta(days=800)).isoformat()
    for n, contact in enumerate(directory.contacts):
        writer.writerow(
            [
                property_name,
                contact.contracts[0].unit_name,
                contact.contact_number,
                contact.name,
                f"owner{n}-{run}@e2e.example",
                contact.street,
                contact.zip_code,
                contact.city,
                "Eigentümer",
                start,
            ]
        )
    report = staff.ok(
        "POST",
        "portal",
        "/import",
        files=[("file", ("stammdaten.csv", out.getvalue().encode(), "text/csv"))],
    )
    assert report["rejected"] == 0, report["rows"]
    return property_name


def smartpost_scenario(stack: Stack) -> None:
    run = uuid.uuid4().hex[:8]
    stack.create_account(
        name=f"HV Sonnenhof {run}",
        admin_email=f"admin-{run}@e2e.example",
        admin_password="pw-" + run * 2,
    )
    staff = login(stack, f"admin-{run}@e2e.example", "pw-" + run * 2)
    directory = make_directory(contacts_per_property=CONTACTS, seed=int(run, 16) % 1000)
    property_name = _import_owners(staff, run, directory)
    (house,) = staff.ok("GET", "portal", "/properties", params={"q": property_name})["items"]
    contacts = staff.ok("GET", "portal", "/contacts", params={"limit": 200})["items"]
    id_of = {c["contact_number"]: c["id"] for c in contacts}
    assert len(id_of) == CONTACTS

    rng = random.Random(run)
    letters = [SampleLetter(Recipient.of(c), pages=rng.randint(1, 4)) for c in directory.contacts]
    work = Path(tempfile.mkdtemp(prefix="e2e-smartpost-"))
    source, attachment = work / "serienbrief.pdf", work / "wirtschaftsplan.pdf"
    starts = write_serial_letter(source, letters)
    write_attachment(attachment, pages=3, title="Wirtschaftsplan 2026")
    source_texts, attachment_texts = _texts(source.read_bytes()), _texts(attachment.read_bytes())
    assert len(source_texts) == sum(letter.pages for letter in letters)

    # The serial letter, once smartpost has heard of the property.
    def create() -> dict[str, Any] | None:
        response = staff.call(
            "POST",
            "smartpost",
            "/serial-letters",
            json={"title": TITLE, "document_type": "Abrechnung", "property_id": house["id"]},
        )
        if response.status_code == 422 and response.json()["code"] == "unknown_property":
            return None
        assert response.status_code == 201, response.text
        return response.json()  # type: ignore[no-any-return]

    serial = eventually(create, what="smartpost knows the property")
    base = f"/serial-letters/{serial['id']}"
    staff.ok(
        "POST",
        "smartpost",
        f"{base}/files",
        files=[
            ("files", (source.name, source.read_bytes(), "application/pdf")),
            ("files", (attachment.name, attachment.read_bytes(), "application/pdf")),
        ],
    )

    # Split in the background; again while smartpost's copy of the contacts is catching up.
    def split_all() -> dict[str, Any] | None:
        staff.ok("POST", "smartpost", f"{base}/split", json={})
        done = eventually(
            lambda: (
                (s := staff.ok("GET", "smartpost", base))["job"]["state"] in ("done", "failed")
                and s
            ),
            within=120,
            what="the split job finishes",
        )
        assert done["job"]["state"] == "done", done["job"]
        return done if done["summary"]["ready"] == CONTACTS else None

    done = eventually(split_all, within=90, what="all 100 letters assigned")
    assert done["summary"]["needs_decision"] == 0
    assert done["missing_contacts"] == []
    review = staff.ok("GET", "smartpost", f"{base}/letters")
    # Pages in == pages out: every source page in exactly one letter, in order.
    assert [page for letter in review for page in letter["pages"]] == list(
        range(1, len(source_texts) + 1)
    )
    assert [letter["contact"]["id"] for letter in review] == [
        id_of[c.contact_number] for c in directory.contacts
    ]
    assert all(letter["total_pages"] == len(letter["pages"]) + 3 for letter in review)

    # The owners register before the letters go out, so they get the immediate e-mail.
    def register(n: int) -> Api:
        contact = directory.contacts[n]
        contact_id = id_of[contact.contact_number]
        token = staff.ok("POST", "portal", f"/contacts/{contact_id}/registration-token")["token"]
        body = Api(stack).ok(
            "POST",
            "portal",
            "/register",
            json={
                "token": token,
                "email": f"owner{n}-{run}@e2e.example",
                "password": "geheim-" + run,
                "display_name": contact.name,
            },
        )
        return Api(stack, body["access_token"])

    with ThreadPoolExecutor(max_workers=4) as pool:
        owners = list(pool.map(register, range(CONTACTS)))

    published = staff.ok("POST", "smartpost", f"{base}/publish", json={"notify_now": True})
    assert published["status"] == "published"
    assert published["summary"]["published"] == CONTACTS
    # Publishing twice publishes once.
    staff.ok("POST", "smartpost", f"{base}/publish", json={})

    def owner_sees_own_letter(n: int) -> str:
        owner = owners[n]
        items = eventually(
            lambda: owner.ok("GET", "documents", "/my/documents")["items"],
            what=f"owner {n} sees a letter",
        )
        (document,) = items  # exactly one document: its own letter
        assert document["title"] == TITLE
        response = owner.call("GET", "documents", f"/my/documents/{document['id']}/content")
        assert response.status_code == 200
        first, count = starts[n], letters[n].pages
        assert _texts(response.content) == source_texts[first : first + count] + attachment_texts
        return document["id"]  # type: ignore[no-any-return]

    with ThreadPoolExecutor(max_workers=4) as pool:
        document_ids = list(pool.map(owner_sees_own_letter, range(CONTACTS)))
    assert len(set(document_ids)) == CONTACTS

    # "Notify now": one e-mail per owner, naming the letter, none twice (however often it was
    # published), no PDF attached.
    ours = lambda: [m for m in stack.mails() if any(run in r for r in m.recipients)]  # noqa: E731
    eventually(lambda: len(ours()) >= CONTACTS, within=60, what="an e-mail to every owner")
    mails = ours()
    assert sorted(r for m in mails for r in m.recipients) == sorted(
        f"owner{n}-{run}@e2e.example" for n in range(CONTACTS)
    )
    assert all(TITLE in m.subject + m.text and m.attachments == () for m in mails)

    # Nobody else's: an owner asking for a neighbour's letter gets 404.
    neighbour = login(stack, f"owner1-{run}@e2e.example", "geheim-" + run)
    for other in (document_ids[0], document_ids[2], document_ids[-1]):
        assert neighbour.call("GET", "documents", f"/my/documents/{other}").status_code == 404
        assert (
            neighbour.call("GET", "documents", f"/my/documents/{other}/content").status_code == 404
        )

    # The PDF/A file of the whole serial letter: built in the background, the link comes by
    # e-mail to the admin who asked for it (download approval is off), and it downloads.
    staff.ok("POST", "smartpost", f"{base}/download-link", json={"filter": "all"})
    admin = f"admin-{run}@e2e.example"
    (link_mail,) = eventually(
        lambda: [m for m in stack.mails() if admin in m.recipients and "Download" in m.subject],
        within=90,
        what="the download link e-mail",
    )
    link = re.search(r"bereit:\s*(\S+)", link_mail.text)
    assert link is not None, link_mail.text
    download = httpx.get(link.group(1), timeout=60)
    assert download.status_code == 200
    with pikepdf.open(io.BytesIO(download.content)) as pdfa:
        assert len(pdfa.pages) == len(source_texts) + 3 * CONTACTS
        with pdfa.open_metadata() as xmp:
            assert (xmp.get("pdfaid:part"), xmp.get("pdfaid:conformance")) == ("2", "B")

    # The admin deletes the serial letter: every letter disappears from the portal.
    assert staff.call("DELETE", "smartpost", base).status_code == 204
    eventually(
        lambda: neighbour.ok("GET", "documents", "/my/documents")["items"] == [],
        what="the deleted serial letter's letters are gone",
    )


# 100 registrations (argon2 hashing) and downloads take their time on two cores.
@pytest.mark.timeout(420)
def test_smartpost_on_the_embedded_default(embedded_stack: Stack) -> None:
    smartpost_scenario(embedded_stack)


@pytest.mark.kafka
@pytest.mark.s3
@pytest.mark.postgres
@pytest.mark.smtp
@pytest.mark.timeout(420)
def test_smartpost_on_five_processes_and_real_infrastructure(process_stack: Stack) -> None:
    smartpost_scenario(process_stack)
