"""Ordering a published serial letter by post: overview, print check, provider, cancel."""

from __future__ import annotations

import uuid
from datetime import timedelta

from hausportal.contracts.smartpost import DispatchStateChanged
from hausportal.smartpost.dispatch.orders import follow_once
from hausportal.smartpost.engine.samples import Recipient, SampleLetter, make_directory

from .conftest import Service


async def test_overview_counts_letters_envelopes_and_sheets_per_filter(
    service: Service, write_letters, attachment
) -> None:
    directory = make_directory(contacts_per_property=6, seed=97)
    ids = [c.contact_id for c in directory.contacts]
    account = await service.account(
        directory, registered=frozenset(ids[:4]), prefer_letters=frozenset(ids[3:4])
    )
    pages = (1, 2, 3, 1, 2, 3)
    source = write_letters(
        [
            SampleLetter(Recipient.of(c), pages=n)
            for c, n in zip(directory.contacts, pages, strict=True)
        ]
    )
    serial = await service.serial_letter(account, property_id=directory.property_ids[0])
    await service.upload(account, serial["id"], source, attachment(pages=1))
    await service.split(account, serial["id"])
    await service.client.post(
        f"/api/smartpost/serial-letters/{serial['id']}/publish", headers=account.staff, json={}
    )

    response = await service.client.post(
        f"/api/smartpost/serial-letters/{serial['id']}/dispatch/overview",
        headers=account.staff,
        json={"sides": "duplex", "duplex_optimised": True},
    )

    assert response.status_code == 200, response.text
    counts = {c["filter"]: c for c in response.json()["counts"]}
    # by preference: the one preferring letters (1 page) and the two unregistered (2, 3 pages);
    # duplex-optimised: every letter even, plus the attachment and a blank.
    assert counts["by_preference"] | {"label": ""} == {
        "filter": "by_preference",
        "label": "",
        "letters": 3,
        "envelopes": 3,
        "pages": (2 + 1 + 1) + (2 + 1 + 1) + (4 + 1 + 1),
        "sheets": 2 + 2 + 3,
    }
    assert counts["unregistered_only"]["envelopes"] == 2
    assert counts["all"]["envelopes"] == 6
    assert response.json()["order_button"]["state"] == "orderable"
    registered = await service.client.post(
        f"/api/smartpost/serial-letters/{serial['id']}/dispatch/overview",
        headers=account.staff,
        json={"registered": True},
    )
    assert registered.json()["order_button"]["state"] == "feature_missing"
    nobody = await service.client.post(
        f"/api/smartpost/serial-letters/{serial['id']}/dispatch/overview",
        headers=account.staff,
        json={"filter": "by_preference", "remove_contact_ids": [str(i) for i in ids]},
    )
    assert nobody.json()["order_button"] == {
        "state": "not_possible",
        "reason": "Nach dieser Auswahl geht kein Brief per Post.",
        "order_id": None,
    }


async def test_an_order_at_the_print_shop_leaves_out_what_fails_and_cancels_in_time(
    service: Service, write_letters, attachment, clock
) -> None:
    directory = make_directory(contacts_per_property=6, seed=97)
    ids = [c.contact_id for c in directory.contacts]
    # The fourth contact lives in Austria, but its letter's address has no country line.
    account = await service.account(directory, countries={ids[3]: "AT"})
    source = write_letters([SampleLetter(Recipient.of(c), pages=2) for c in directory.contacts])
    serial = await service.serial_letter(account, property_id=directory.property_ids[0])
    await service.upload(account, serial["id"], source, attachment(pages=1))
    await service.split(account, serial["id"])
    await service.client.post(
        f"/api/smartpost/serial-letters/{serial['id']}/publish", headers=account.staff, json={}
    )
    await service.client.put(
        "/api/smartpost/settings", headers=account.admin, json={"provider": "simulated"}
    )
    path = f"/api/smartpost/serial-letters/{serial['id']}/dispatch/orders"
    body = {"request_id": str(uuid.uuid4()), "filter": "all", "sides": "duplex"}

    placed = await service.client.post(path, headers=account.staff, json=body)
    again = await service.client.post(path, headers=account.staff, json=body)

    assert placed.status_code == 201, placed.text
    order = placed.json()
    assert again.json()["id"] == order["id"]  # the same request: one order
    assert order["provider"] == "simulated"
    assert order["state"] == "accepted"
    assert (order["letters"], order["envelopes"]) == (5, 5)
    assert order["sheets"] == 5 * 2  # 2 pages + 1 attachment page + 1 blank, duplex
    [excluded] = order["excluded"]
    assert excluded["contact_id"] == str(ids[3])
    assert excluded["codes"] == ["country_missing"]
    prefix = f"{account.account_id}/smartpost/{serial['id']}/orders/{order['id']}/"
    assert await service.stored_keys(prefix) == [prefix + "print.pdf"]
    listed = await service.client.get(path, headers=account.staff)
    assert [o["id"] for o in listed.json()] == [order["id"]]

    button = await service.client.post(
        f"/api/smartpost/serial-letters/{serial['id']}/dispatch/overview",
        headers=account.staff,
        json={"filter": "all"},
    )
    assert button.json()["order_button"]["state"] == "cancellable"
    assert button.json()["order_button"]["order_id"] == order["id"]

    clock.advance(timedelta(minutes=10))
    cancelled = await service.client.post(f"{path}/{order['id']}/cancel", headers=account.staff)
    assert cancelled.status_code == 200, cancelled.text
    assert cancelled.json()["state"] == "cancelled"

    clock.advance(timedelta(minutes=1))
    late = (
        await service.client.post(
            path, headers=account.staff, json=body | {"request_id": str(uuid.uuid4())}
        )
    ).json()
    clock.advance(timedelta(minutes=16))
    refused = await service.client.post(f"{path}/{late['id']}/cancel", headers=account.staff)
    assert refused.status_code == 409
    assert refused.json()["code"] == "cancel_refused"
    assert "Uhr" in refused.json()["message"]
    # Every state the provider reported is announced, as a provider's webhook would; the
    # worker asks about open orders without anyone looking: the late one went into
    # production when its window closed.
    assert await follow_once(service.runtime) == 1
    changes = [
        (e.payload.order_id, e.payload.previous_state, e.payload.state)
        for e in await service.published_events()
        if isinstance(e, DispatchStateChanged)
    ]
    first, second = uuid.UUID(order["id"]), uuid.UUID(late["id"])
    assert changes == [
        (first, None, "accepted"),
        (first, "accepted", "cancelled"),
        (second, None, "accepted"),
        (second, "accepted", "in_production"),
    ]
    audit = await service.client.get(
        f"/api/smartpost/serial-letters/{serial['id']}/dispatch/audit", headers=account.staff
    )
    assert [(a["action"], a["order_id"]) for a in audit.json()] == [
        ("ordered", order["id"]),
        ("cancelled", order["id"]),
        ("ordered", late["id"]),
    ]


async def test_registered_mail_needs_the_feature_and_file_export_is_the_default(
    service: Service, write_letters, attachment
) -> None:
    directory = make_directory(contacts_per_property=2, seed=98)
    account = await service.account(directory)
    source = write_letters([SampleLetter(Recipient.of(c), pages=1) for c in directory.contacts])
    serial = await service.serial_letter(account, property_id=directory.property_ids[0])
    await service.upload(account, serial["id"], source)
    await service.split(account, serial["id"])
    await service.client.post(
        f"/api/smartpost/serial-letters/{serial['id']}/publish", headers=account.staff, json={}
    )
    path = f"/api/smartpost/serial-letters/{serial['id']}/dispatch/orders"

    refused = await service.client.post(
        path,
        headers=account.staff,
        json={"request_id": str(uuid.uuid4()), "filter": "all", "registered": True},
    )
    assert refused.status_code == 403
    assert refused.json()["code"] == "registered_mail_not_available"

    exported = await service.client.post(
        path, headers=account.staff, json={"request_id": str(uuid.uuid4()), "filter": "all"}
    )
    assert exported.status_code == 201, exported.text
    assert exported.json()["provider"] == "file_export"
    assert exported.json()["state"] == "sent"
    keys = await service.stored_keys(f"{account.account_id}/smartpost/orders/")
    assert any(k.endswith("manifest.csv") for k in keys)
