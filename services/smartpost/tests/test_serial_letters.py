"""A serial letter through the service: upload, split in the background, review, publish."""

from __future__ import annotations

import io
import uuid
from pathlib import Path

import pikepdf

from hausportal.contracts.smartpost import LetterPublished, SerialLetterDeleted
from hausportal.smartpost.engine.samples import make_directory, serial_letter_for

from .conftest import Service, page_texts


async def _split_one_property(service: Service, write_letters, attachment, *, letters: int = 12):
    directory = make_directory(contacts_per_property=10, multi_unit_every=4, seed=5)
    account = await service.account(directory)
    plan = serial_letter_for(directory, letters=letters)
    source = write_letters([letter for _, letter in plan])
    serial = await service.serial_letter(account, property_id=directory.property_ids[0])
    response = await service.upload(account, serial["id"], source, attachment(pages=2))
    assert response.status_code == 201, response.text
    return account, plan, source, serial


async def test_letters_are_split_assigned_and_published_once(
    service: Service, write_letters, attachment, tmp_path: Path
) -> None:
    account, plan, source, serial = await _split_one_property(service, write_letters, attachment)
    uploaded = (await service.get(account, serial["id"]))["files"]
    assert [f["role"] for f in uploaded] == ["letters", "attachment"]

    done = await service.split(account, serial["id"])

    assert done["status"] == "split"
    assert done["summary"]["letters"] == len(plan)
    assert done["summary"]["ready"] == len(plan)
    assert done["summary"]["pages"] == done["page_count"] == sum(x.pages for _, x in plan)
    letters = await service.letters(account, serial["id"])
    assert [x["contact"]["id"] for x in letters] == [str(c.contact_id) for c, _ in plan]
    # Each letter names its unit; a contact with two units gets one letter per unit.
    assert [x["unit"]["name"] for x in letters] == [x.unit_name for _, x in plan]
    # The letter PDF is its own pages plus the attachment.
    first = letters[0]
    content = await service.client.get(
        f"/api/smartpost/serial-letters/{serial['id']}/letters/{first['id']}/content",
        headers=account.staff,
    )
    assert content.status_code == 200
    out = tmp_path / "first.pdf"
    out.write_bytes(content.content)
    source_pages = page_texts(source)
    assert page_texts(out)[: plan[0][1].pages] == source_pages[: plan[0][1].pages]
    assert first["total_pages"] == plan[0][1].pages + 2 == len(page_texts(out))

    published = await service.client.post(
        f"/api/smartpost/serial-letters/{serial['id']}/publish",
        headers=account.staff,
        json={"notify_now": True},
    )
    assert published.status_code == 200, published.text
    again = await service.client.post(
        f"/api/smartpost/serial-letters/{serial['id']}/publish", headers=account.staff, json={}
    )
    assert again.status_code == 200
    events = [e for e in await service.published_events() if isinstance(e, LetterPublished)]
    assert len(events) == len(plan)
    assert {e.payload.letter_id for e in events} == {uuid.UUID(x["id"]) for x in letters}
    by_letter = {e.payload.letter_id: e.payload for e in events}
    for letter in letters:
        payload = by_letter[uuid.UUID(letter["id"])]
        assert str(payload.contact_id) == letter["contact"]["id"]
        assert str(payload.unit_id) == letter["unit"]["id"]
        assert payload.notify_now is True
        assert payload.page_count == letter["total_pages"]
        # The PDF stays where smartpost wrote it: the event points at it.
        info = await service.runtime.storage.stat(payload.object_key)
        assert info.size == payload.size
    # Published letters are final.
    changed = await service.upload(account, serial["id"], attachment(pages=1))
    assert changed.status_code == 409
    assert changed.json()["code"] == "serial_letter_published"


async def test_the_print_file_holds_every_letter_with_its_attachment(
    service: Service, write_letters, attachment, tmp_path: Path
) -> None:
    account, plan, _, serial = await _split_one_property(service, write_letters, attachment)
    await service.split(account, serial["id"])
    response = await service.client.get(
        f"/api/smartpost/serial-letters/{serial['id']}/print-file", headers=account.staff
    )
    assert response.status_code == 200
    with pikepdf.open(io.BytesIO(response.content)) as pdf:
        assert len(pdf.pages) == sum(x.pages for _, x in plan) + 2 * len(plan)
    # Who downloaded what is in the audit.
    audit = await service.client.get(
        f"/api/smartpost/serial-letters/{serial['id']}/dispatch/audit", headers=account.staff
    )
    assert [(a["action"], a["detail"], a["staff_id"]) for a in audit.json()] == [
        ("downloaded", {"what": "print_file"}, str(account.staff_id))
    ]


async def test_only_admins_delete_and_every_published_letter_goes(
    service: Service, write_letters, attachment
) -> None:
    account, _, _, serial = await _split_one_property(service, write_letters, attachment)
    await service.split(account, serial["id"])
    await service.client.post(
        f"/api/smartpost/serial-letters/{serial['id']}/publish", headers=account.staff, json={}
    )
    path = f"/api/smartpost/serial-letters/{serial['id']}"

    refused = await service.client.delete(path, headers=account.staff)
    assert refused.status_code == 403
    assert refused.json()["code"] == "admin_only"

    assert (await service.client.delete(path, headers=account.admin)).status_code == 204
    deleted = [e for e in await service.published_events() if isinstance(e, SerialLetterDeleted)]
    assert len(deleted) == 1
    letters = await service.letters(account, serial["id"])
    assert set(deleted[0].payload.letter_ids) == {uuid.UUID(x["id"]) for x in letters}
    assert {x["state"] for x in letters} == {"withdrawn"}
    listed = await service.client.get("/api/smartpost/serial-letters", headers=account.staff)
    assert serial["id"] not in [s["id"] for s in listed.json()["items"]]


async def test_a_letter_is_withdrawn_per_unit(service: Service, write_letters, attachment) -> None:
    account, _, _, serial = await _split_one_property(service, write_letters, attachment)
    await service.split(account, serial["id"])
    await service.client.post(
        f"/api/smartpost/serial-letters/{serial['id']}/publish", headers=account.staff, json={}
    )
    letters = await service.letters(account, serial["id"])
    unit_id = letters[3]["unit"]["id"]

    response = await service.client.post(
        f"/api/smartpost/serial-letters/{serial['id']}/withdraw",
        headers=account.admin,
        json={"unit_id": unit_id},
    )

    assert response.status_code == 200, response.text
    assert [x["id"] for x in response.json()] == [
        x["id"] for x in letters if x["unit"]["id"] == unit_id
    ]
    states = {x["id"]: x["state"] for x in await service.letters(account, serial["id"])}
    assert states[letters[3]["id"]] == "withdrawn"
    assert list(states.values()).count("published") == len(letters) - 1


async def test_a_deleted_serial_letters_files_are_purged_after_the_retention(
    service: Service, write_letters, attachment, clock
) -> None:
    from datetime import timedelta

    from hausportal.smartpost.serial_letters.purge import purge_due

    account, _, _, serial = await _split_one_property(service, write_letters, attachment)
    await service.split(account, serial["id"])
    kept = await service.serial_letter(account, title="Einladung")
    await service.upload(account, kept["id"], attachment(pages=1))
    prefix = f"{account.account_id}/smartpost/{serial['id']}/"
    stored = await service.stored_keys(prefix)
    assert len(stored) == 2 + 12 + 1  # uploads, letters, print file
    await service.client.delete(
        f"/api/smartpost/serial-letters/{serial['id']}", headers=account.admin
    )

    clock.advance(timedelta(days=29))
    assert await purge_due(service.runtime) == 0
    assert await service.stored_keys(prefix) == stored  # still there for mistakes

    clock.advance(timedelta(days=2))
    assert await purge_due(service.runtime) == 1
    assert await service.stored_keys(prefix) == []
    assert await service.stored_keys(f"{account.account_id}/smartpost/{kept['id']}/") != []


async def test_a_letter_deleted_in_documents_shows_as_withdrawn(
    service: Service, write_letters, attachment
) -> None:
    from hausportal.contracts.documents import DocumentDeleted, DocumentRef

    account, _, _, serial = await _split_one_property(service, write_letters, attachment)
    await service.split(account, serial["id"])
    await service.client.post(
        f"/api/smartpost/serial-letters/{serial['id']}/publish", headers=account.staff, json={}
    )
    letters = await service.letters(account, serial["id"])
    gone, kept = letters[0], letters[1]

    await service.announce(
        DocumentDeleted(
            account_id=account.account_id,
            payload=DocumentRef(document_id=gone["id"], property_id=gone["property"]["id"]),
        ),
        # Another account's event naming the same id changes nothing.
        DocumentDeleted(
            account_id=uuid.uuid4(),
            payload=DocumentRef(document_id=kept["id"], property_id=kept["property"]["id"]),
        ),
    )

    states = {x["id"]: x["state"] for x in await service.letters(account, serial["id"])}
    assert states[gone["id"]] == "withdrawn"
    assert states[kept["id"]] == "published"
    summary = (await service.get(account, serial["id"]))["summary"]
    assert (summary["published"], summary["withdrawn"]) == (len(letters) - 1, 1)
