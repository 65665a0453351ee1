"""The PDF/A download link: built in the background, and e-mailed to whom the account's
download approval says."""

from __future__ import annotations

import asyncio
import io
import uuid

import pikepdf

from hausportal.contracts.smartpost import DownloadLinkReady
from hausportal.smartpost.engine.samples import Recipient, SampleLetter, make_directory

from .conftest import Service


async def _link_events(service: Service, count: int) -> list[DownloadLinkReady]:
    for _ in range(600):
        found = [e for e in await service.published_events() if isinstance(e, DownloadLinkReady)]
        if len(found) >= count:
            return found
        await asyncio.sleep(0.05)
    raise AssertionError("no download link within 30 s")


async def test_the_link_goes_to_the_requester_or_with_approval_only_to_the_approvers(
    service: Service, write_letters, attachment
) -> None:
    directory = make_directory(contacts_per_property=4, seed=99)
    ids = [c.contact_id for c in directory.contacts]
    account = await service.account(directory, registered=frozenset(ids[:2]))
    source = write_letters([SampleLetter(Recipient.of(c), pages=2) for c in directory.contacts])
    serial = await service.serial_letter(account, property_id=directory.property_ids[0])
    await service.upload(account, serial["id"], source, attachment(pages=1))
    await service.split(account, serial["id"])
    await service.client.post(
        f"/api/smartpost/serial-letters/{serial['id']}/publish", headers=account.staff, json={}
    )
    path = f"/api/smartpost/serial-letters/{serial['id']}/download-link"

    # No approval: the link goes to the staff member who asked, for the unregistered only.
    first = await service.client.post(
        path, headers=account.staff, json={"filter": "unregistered_only"}
    )
    assert first.status_code == 202, first.text
    assert first.json()["recipients"] == [str(account.staff_id)]
    [ready] = await _link_events(service, 1)
    assert ready.payload.staff_ids == (account.staff_id,)
    assert ready.payload.title == "Hausgeldabrechnung 2025"
    # The file behind the link: the two letters with their attachment, as PDF/A-2b.
    key = ready.payload.link.split("/objects/", 1)[1].split("?", 1)[0]
    content = b"".join([c async for c in service.runtime.storage.get(key)])
    with pikepdf.open(io.BytesIO(content)) as pdf:
        assert len(pdf.pages) == 2 * (2 + 1)
        with pdf.open_metadata() as xmp:
            assert xmp.get("pdfaid:part") == "2"
            assert xmp.get("pdfaid:conformance") == "B"

    # With approval on, only the approver gets it, not the one who asked.
    await service.client.put(
        "/api/smartpost/settings",
        headers=account.admin,
        json={"download_approval": True, "approver_staff_ids": [str(account.admin_id)]},
    )
    second = await service.client.post(path, headers=account.staff, json={})
    assert second.json()["recipients"] == [str(account.admin_id)]
    events = await _link_events(service, 2)
    assert events[1].payload.staff_ids == (account.admin_id,)
    assert events[1].payload.requested_by == account.staff_id
    assert uuid.UUID(second.json()["id"])
