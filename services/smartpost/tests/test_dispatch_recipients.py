"""Who gets a published serial letter by post."""

from __future__ import annotations

import uuid

from hausportal.smartpost.dispatch.recipients import RecipientFilter, Selection
from hausportal.smartpost.dispatch.service import batch, published
from hausportal.smartpost.engine.samples import Recipient, SampleLetter, make_directory

from .conftest import Service


async def test_by_preference_60_online_15_letter_25_unregistered_is_40_envelopes(
    service: Service, write_letters
) -> None:
    directory = make_directory(contacts_per_property=100, seed=91)
    ids = [c.contact_id for c in directory.contacts]
    account = await service.account(
        directory, registered=frozenset(ids[:75]), prefer_letters=frozenset(ids[60:75])
    )
    source = write_letters([SampleLetter(Recipient.of(c), pages=1) for c in directory.contacts])
    serial = await service.serial_letter(account, property_id=directory.property_ids[0])
    await service.upload(account, serial["id"], source)
    await service.split(account, serial["id"])
    response = await service.client.post(
        f"/api/smartpost/serial-letters/{serial['id']}/publish", headers=account.staff, json={}
    )
    assert response.status_code == 200, response.text

    async with service.runtime.sessionmaker() as session:
        _, letters = await published(
            session, account_id=account.account_id, serial_letter_id=uuid.UUID(serial["id"])
        )
        by_preference = await batch(
            session,
            account_id=account.account_id,
            letters=letters,
            how=RecipientFilter.by_preference,
        )
        unregistered = await batch(
            session,
            account_id=account.account_id,
            letters=letters,
            how=RecipientFilter.unregistered_only,
        )
        everyone = await batch(
            session, account_id=account.account_id, letters=letters, how=RecipientFilter.all
        )
        # Staff add one online contact by hand and leave one unregistered contact out.
        adjusted = await batch(
            session,
            account_id=account.account_id,
            letters=letters,
            how=RecipientFilter.by_preference,
            selection=Selection.of(add=[ids[0]], remove=[ids[99]]),
        )

    assert by_preference.envelopes(merge=True) == 40
    assert set(by_preference.contacts) == set(ids[60:])
    assert unregistered.envelopes(merge=True) == 25
    assert set(unregistered.contacts) == set(ids[75:])
    assert everyone.envelopes(merge=True) == 100
    assert set(adjusted.contacts) == {ids[0], *ids[60:99]}


async def test_smartpost_settings_are_for_admins_and_approvers_must_be_staff(
    service: Service,
) -> None:
    account = await service.account(make_directory(contacts_per_property=1, seed=92))
    path = "/api/smartpost/settings"
    assert (await service.client.get(path, headers=account.staff)).json()["provider"] == (
        "file_export"
    )
    wanted = {"download_approval": True, "approver_staff_ids": [str(account.admin_id)]}

    refused = await service.client.put(path, headers=account.staff, json=wanted)
    assert refused.status_code == 403
    missing = await service.client.put(
        path, headers=account.admin, json={"download_approval": True}
    )
    assert missing.status_code == 422
    assert missing.json()["code"] == "approvers_missing"
    stranger = await service.client.put(
        path, headers=account.admin, json=wanted | {"approver_staff_ids": [str(uuid.uuid4())]}
    )
    assert stranger.json()["code"] == "unknown_approver"

    saved = await service.client.put(path, headers=account.admin, json=wanted)
    assert saved.status_code == 200, saved.text
    again = (await service.client.get(path, headers=account.staff)).json()
    assert again["download_approval"] is True
    assert again["approver_staff_ids"] == [str(account.admin_id)]
