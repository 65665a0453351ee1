"""What staff must decide before a serial letter goes out, and uploads that are refused."""

from __future__ import annotations

import asyncio
import dataclasses
import uuid
from datetime import timedelta
from pathlib import Path

import pikepdf
import pytest
from sqlalchemy import func, select

from hausportal.contracts.smartpost import LetterPublished
from hausportal.smartpost.engine.samples import (
    Recipient,
    SampleLetter,
    make_directory,
    serial_letter_for,
)
from hausportal.smartpost.models import SourceFile, SplitJob
from hausportal.smartpost.serial_letters.splitting import claim, run_split_jobs

from .conftest import Service


def _typo(name: str) -> str:
    first, last = name.split(" ", 1)
    return f"{first} {last[:-2]}{last[-1]}{last[-2]}"


async def _publish(service: Service, account, serial_id: str):
    return await service.client.post(
        f"/api/smartpost/serial-letters/{serial_id}/publish", headers=account.staff, json={}
    )


async def _decide(service: Service, account, serial_id: str, letter_id: str, **body):
    return await service.client.patch(
        f"/api/smartpost/serial-letters/{serial_id}/letters/{letter_id}",
        headers=account.staff,
        json={k: str(v) if isinstance(v, uuid.UUID) else v for k, v in body.items()},
    )


async def test_outsiders_typos_and_a_twin_wait_for_staff(
    service: Service, write_letters, attachment
) -> None:
    home = make_directory(contacts_per_property=12, seed=21)
    elsewhere = make_directory(contacts_per_property=4, seed=22, number_start=20001)
    twin = home.contacts[5]
    duplicate = dataclasses.replace(
        twin,
        contact_id=uuid.uuid4(),
        contact_number=None,
        contracts=tuple(dataclasses.replace(c, contract_id=uuid.uuid4()) for c in twin.contracts),
    )
    directory = dataclasses.replace(
        home,
        contacts=[*home.contacts, duplicate, *elsewhere.contacts],
        property_ids=home.property_ids + elsewhere.property_ids,
    )
    account = await service.account(directory)
    good = [SampleLetter(Recipient.of(c), pages=2) for c in home.contacts[:5]]
    outsiders = [SampleLetter(Recipient.of(c), pages=2) for c in elsewhere.contacts[:3]]
    typos = [
        SampleLetter(
            dataclasses.replace(Recipient.of(c, print_number=False), name=_typo(c.name)), pages=1
        )
        for c in home.contacts[8:10]
    ]
    twin_letter = SampleLetter(Recipient.of(twin, print_number=False), pages=3)
    source = write_letters([*good, *outsiders, *typos, twin_letter])
    serial = await service.serial_letter(account, property_id=home.property_ids[0])
    assert (await service.upload(account, serial["id"], source, attachment())).status_code == 201

    done = await service.split(account, serial["id"])

    assert done["summary"] == done["summary"] | {"letters": 11, "ready": 5, "needs_decision": 6}
    letters = await service.letters(account, serial["id"])
    waiting = [x for x in letters if x["needs_decision"]]
    kinds = [[p["kind"] for p in x["problems"]] for x in waiting]
    assert kinds == [["outside_scope"]] * 3 + [["unmatched"]] * 2 + [["ambiguous"]]
    for letter in waiting:
        assert letter["problems"][0]["message"]
    # The outsider is named; the twin's two records are both offered.
    assert waiting[0]["problems"][0]["contacts"][0]["id"] == str(elsewhere.contacts[0].contact_id)
    assert {c["id"] for c in waiting[5]["problems"][0]["contacts"]} == {
        str(twin.contact_id),
        str(duplicate.contact_id),
    }
    # Contacts of the property without a letter are listed.
    missing = {m["contact_id"] for m in done["missing_contacts"]}
    assert str(home.contacts[11].contact_id) in missing

    refused = await _publish(service, account, serial["id"])
    assert refused.status_code == 409
    assert refused.json()["code"] == "letters_need_decision"
    assert refused.json()["details"]["letters"] == [6, 7, 8, 9, 10, 11]
    assert not [e for e in await service.published_events() if isinstance(e, LetterPublished)]

    # Staff decide: the outsiders are skipped, the typos are who they look like, the twin is
    # the record with the contact number.
    for letter in waiting[:3]:
        assert (
            await _decide(service, account, serial["id"], letter["id"], action="skip")
        ).is_success
    for letter, contact in zip(waiting[3:5], home.contacts[8:10], strict=True):
        response = await _decide(
            service,
            account,
            serial["id"],
            letter["id"],
            action="assign",
            contact_id=contact.contact_id,
        )
        assert response.status_code == 200, response.text
        assert response.json()["ready"] is True
        assert response.json()["unit"]["id"] == str(contact.contracts[0].unit_id)
    # Somebody outside the property cannot be chosen for it.
    wrong = await _decide(
        service,
        account,
        serial["id"],
        waiting[5]["id"],
        action="assign",
        contact_id=elsewhere.contacts[3].contact_id,
    )
    assert wrong.status_code == 422
    assert wrong.json()["code"] == "contact_without_unit"
    ok = await _decide(
        service,
        account,
        serial["id"],
        waiting[5]["id"],
        action="assign",
        contact_id=twin.contact_id,
    )
    assert ok.status_code == 200

    assert (await _publish(service, account, serial["id"])).status_code == 200
    published = [e for e in await service.published_events() if isinstance(e, LetterPublished)]
    assert len(published) == 8
    assert {e.payload.contact_id for e in published} == {
        *(c.contact_id for c in home.contacts[:5]),
        *(c.contact_id for c in home.contacts[8:10]),
        twin.contact_id,
    }


async def test_a_new_split_keeps_what_staff_decided_for_unchanged_letters(
    service: Service, write_letters, attachment
) -> None:
    directory = make_directory(contacts_per_property=6, seed=31)
    account = await service.account(directory)
    letters = [SampleLetter(Recipient.of(c), pages=1) for c in directory.contacts[:3]]
    stranger = SampleLetter(Recipient("Fremde Person", "Weg 1", "12345", "Irgendwo"), pages=1)
    source = write_letters([*letters, stranger])
    serial = await service.serial_letter(account, property_id=directory.property_ids[0])
    await service.upload(account, serial["id"], source)
    await service.split(account, serial["id"])
    found = await service.letters(account, serial["id"])
    await _decide(
        service,
        account,
        serial["id"],
        found[3]["id"],
        action="assign",
        contact_id=directory.contacts[5].contact_id,
    )

    # Back to upload: an attachment is added, the letters are split again.
    await service.upload(account, serial["id"], attachment(pages=1))
    assert (await service.get(account, serial["id"]))["status"] == "draft"
    again = await service.split(account, serial["id"])

    assert again["summary"]["needs_decision"] == 0
    after = await service.letters(account, serial["id"])
    assert after[3]["decision"] == "assigned"
    assert after[3]["contact"]["id"] == str(directory.contacts[5].contact_id)
    assert [x["total_pages"] for x in after] == [2, 2, 2, 2]


async def test_letters_for_three_properties_in_one_upload(service: Service, write_letters) -> None:
    directory = make_directory(properties=3, contacts_per_property=5, seed=51)
    account = await service.account(directory)
    plan = serial_letter_for(directory, letters=15)
    source = write_letters([letter for _, letter in plan])
    serial = await service.serial_letter(account)  # no property: cross-property

    assert (await service.upload(account, serial["id"], source)).status_code == 201
    done = await service.split(account, serial["id"])

    assert done["cross_property"] is True
    assert done["summary"]["ready"] == 15
    assert done["missing_contacts"] == []
    letters = await service.letters(account, serial["id"])
    assert [x["contact"]["id"] for x in letters] == [str(c.contact_id) for c, _ in plan]
    assert [x["property"]["id"] for x in letters] == [
        str(c.contracts[0].property_id) for c, _ in plan
    ]
    assert len({x["property"]["id"] for x in letters}) == 3


def _encrypted(source: Path, target: Path) -> Path:
    with pikepdf.open(source) as pdf:
        pdf.save(target, encryption=pikepdf.Encryption(owner="verwalter", user="geheim"))
    return target


@pytest.mark.parametrize(
    ("make_bad", "status", "code", "message"),
    [
        (
            lambda good, tmp: _encrypted(good, tmp / "abrechnung.pdf"),
            422,
            "pdf_encrypted",
            "verschlüsselt",
        ),
        (
            lambda good, tmp: (tmp / "abrechnung.pdf", good.read_bytes()[:-300]),
            422,
            "pdf_damaged",
            "beschädigt",
        ),
        (
            lambda good, tmp: ("abrechnung.pdf", b"PK\x03\x04 eine Excel-Datei"),
            422,
            "pdf_not_pdf",
            "keine PDF-Datei",
        ),
        (lambda good, tmp: ("abrechnung.pdf", b""), 422, "empty_file", "leer"),
    ],
    ids=["encrypted", "truncated", "not a pdf", "empty"],
)
async def test_a_bad_upload_is_refused_naming_the_file_and_nothing_stays(
    service: Service, write_letters, tmp_path: Path, make_bad, status, code, message
) -> None:
    directory = make_directory(contacts_per_property=2, seed=61)
    account = await service.account(directory)
    good = write_letters([SampleLetter(Recipient.of(c), pages=1) for c in directory.contacts])
    bad = make_bad(good, tmp_path)
    if isinstance(bad, tuple) and isinstance(bad[0], Path):
        bad = (bad[0].name, bad[1])
    serial = await service.serial_letter(account)

    # The good letters file and the bad attachment in one request: neither is kept.
    response = await service.upload(account, serial["id"], good, bad)

    assert response.status_code == status, response.text
    assert response.json()["code"] == code
    assert "„abrechnung.pdf“" in response.json()["message"]
    assert message in response.json()["message"]
    assert await service.stored_keys(f"{account.account_id}/") == []
    async with service.runtime.sessionmaker() as session:
        assert await session.scalar(select(func.count()).select_from(SourceFile)) == 0


async def test_an_oversized_upload_gets_413(start_service, write_letters) -> None:
    async with start_service(max_upload_bytes=2000) as service:
        directory = make_directory(contacts_per_property=3, seed=62)
        account = await service.account(directory)
        source = write_letters([SampleLetter(Recipient.of(c), pages=2) for c in directory.contacts])
        serial = await service.serial_letter(account)
        response = await service.upload(account, serial["id"], source)
        assert response.status_code == 413
        assert source.name in response.json()["message"]
        assert await service.stored_keys(f"{account.account_id}/") == []


async def test_a_split_whose_worker_died_is_taken_over(
    service: Service, write_letters, clock
) -> None:
    directory = make_directory(contacts_per_property=4, seed=71)
    account = await service.account(directory)
    source = write_letters([SampleLetter(Recipient.of(c), pages=2) for c in directory.contacts])
    serial = await service.serial_letter(account)
    await service.upload(account, serial["id"], source)
    # This replica's worker stops; another "replica" takes the job and dies without a word.
    for task in service.runtime.tasks:
        if task.get_name().endswith("run_split_jobs"):
            task.cancel()
    response = await service.client.post(
        f"/api/smartpost/serial-letters/{serial['id']}/split", headers=account.staff, json={}
    )
    settings = service.runtime.settings
    job_id = await claim(service.runtime.sessionmaker, clock=clock, settings=settings)
    assert str(job_id) == response.json()["id"]
    running = await service.get(account, serial["id"])
    assert running["job"]["state"] == "running"
    # Within its lease nobody else takes it ...
    assert await claim(service.runtime.sessionmaker, clock=clock, settings=settings) is None

    # ... after it, a restarted worker does, and finishes the same request.
    clock.advance(timedelta(seconds=settings.split_lease_seconds + 1))
    worker = asyncio.create_task(run_split_jobs(service.runtime))
    try:
        for _ in range(600):
            current = await service.get(account, serial["id"])
            if current["job"]["state"] == "done":
                break
            await asyncio.sleep(0.05)
    finally:
        worker.cancel()
    assert current["job"]["id"] == str(job_id)
    assert current["job"]["attempts"] == 2
    assert current["summary"]["ready"] == 4
    async with service.runtime.sessionmaker() as session:
        assert await session.scalar(select(func.count()).select_from(SplitJob)) == 1
