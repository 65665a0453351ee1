"""Properties, units, contacts and contracts: what staff create, find, change and delete."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from conftest import Portal, Staff

API = "/api/portal"


async def post(portal: Portal, staff: Staff, path: str, body: dict[str, Any]) -> dict[str, Any]:
    response = await portal.client.post(API + path, json=body, headers=staff.headers)
    assert response.status_code == 201, response.text
    return response.json()  # type: ignore[no-any-return]


async def building(portal: Portal, staff: Staff, name: str = "Musterstraße 1") -> dict[str, Any]:
    """A property with two units, a tenant of the first and an owner of the second."""
    prop = await post(
        portal,
        staff,
        "/properties",
        {"name": name, "street": name, "zip_code": "10115", "city": "Berlin"},
    )
    eg = await post(portal, staff, f"/properties/{prop['id']}/units", {"name": "WE 01"})
    og = await post(portal, staff, f"/properties/{prop['id']}/units", {"name": "WE 02"})
    tenant = await post(
        portal, staff, "/contacts", {"name": "Max Mieter", "email": "max@example.com"}
    )
    owner = await post(portal, staff, "/contacts", {"name": "Erika Eigentümer"})
    rent = await post(
        portal,
        staff,
        "/contracts",
        {"contact_id": tenant["id"], "unit_id": eg["id"], "role": "tenant", "start": "2024-01-01"},
    )
    own = await post(
        portal,
        staff,
        "/contracts",
        {"contact_id": owner["id"], "unit_id": og["id"], "role": "owner", "start": "2020-07-01"},
    )
    return {
        "property": prop,
        "units": [eg, og],
        "contacts": [tenant, owner],
        "contracts": [rent, own],
    }


class TestProperties:
    async def test_create_read_change(self, portal: Portal, staff: Staff) -> None:
        prop = await post(portal, staff, "/properties", {"name": "Am Markt 3", "city": "Köln"})
        assert prop["country"] == "DE"
        assert prop["image_key"] is None

        changed = await portal.client.patch(
            f"{API}/properties/{prop['id']}",
            json={"street": "Am Markt 3", "zip_code": "50667"},
            headers=staff.headers,
        )
        assert changed.status_code == 200
        assert changed.json()["zip_code"] == "50667"
        again = await portal.client.get(f"{API}/properties/{prop['id']}", headers=staff.headers)
        assert again.json() == changed.json()

        last = (await portal.events(staff.account_id))[-1]
        assert last.type == "portal.property.upserted"
        assert last.payload.address.zip_code == "50667"  # type: ignore[attr-defined]

    async def test_name_cannot_be_emptied(self, portal: Portal, staff: Staff) -> None:
        prop = await post(portal, staff, "/properties", {"name": "Am Markt 3"})
        response = await portal.client.patch(
            f"{API}/properties/{prop['id']}", json={"name": None}, headers=staff.headers
        )
        assert response.status_code == 422
        assert response.json()["message"] == "Bitte prüfen Sie die Eingaben: name."

    async def test_search_ignores_case_and_pages(self, portal: Portal, staff: Staff) -> None:
        for n in range(1, 8):
            await post(
                portal, staff, "/properties", {"name": f"Lindenallee {n}", "city": "München"}
            )
        await post(portal, staff, "/properties", {"name": "Hauptstraße 9", "city": "Ulm"})

        page = await portal.client.get(
            f"{API}/properties",
            params={"q": "LINDENALLEE", "limit": 3, "offset": 3},
            headers=staff.headers,
        )
        body = page.json()
        assert body["total"] == 7
        assert [p["name"] for p in body["items"]] == [
            "Lindenallee 4",
            "Lindenallee 5",
            "Lindenallee 6",
        ]
        # Umlauts and ß fold too, on SQLite as on PostgreSQL.
        umlaut = await portal.client.get(
            f"{API}/properties", params={"q": "MÜNCHEN"}, headers=staff.headers
        )
        assert umlaut.json()["total"] == 7
        street = await portal.client.get(
            f"{API}/properties", params={"q": "hauptSTRASSE"}, headers=staff.headers
        )
        assert [p["name"] for p in street.json()["items"]] == ["Hauptstraße 9"]
        # LIKE wildcards are searched for, not obeyed.
        wildcard = await portal.client.get(
            f"{API}/properties", params={"q": "%"}, headers=staff.headers
        )
        assert wildcard.json()["total"] == 0

    async def test_delete_with_contracts_needs_cascade(self, portal: Portal, staff: Staff) -> None:
        data = await building(portal, staff)
        prop_id = data["property"]["id"]
        refused = await portal.client.delete(f"{API}/properties/{prop_id}", headers=staff.headers)
        assert refused.status_code == 409
        assert refused.json()["code"] == "property_has_contracts"
        assert "2 Verträge" in refused.json()["message"]
        assert (
            await portal.client.get(f"{API}/properties/{prop_id}", headers=staff.headers)
        ).status_code == 200

        before = len(await portal.events(staff.account_id))
        deleted = await portal.client.delete(
            f"{API}/properties/{prop_id}", params={"cascade": "true"}, headers=staff.headers
        )
        assert deleted.status_code == 204
        gone = await portal.client.get(f"{API}/properties/{prop_id}", headers=staff.headers)
        assert gone.status_code == 404
        assert gone.json()["message"] == "Die Liegenschaft wurde nicht gefunden."
        contracts = await portal.client.get(
            f"{API}/contracts", params={"property_id": prop_id}, headers=staff.headers
        )
        assert contracts.json()["total"] == 0
        # Contacts stay: they are people, not part of the building.
        assert (await portal.client.get(f"{API}/contacts", headers=staff.headers)).json()[
            "total"
        ] == 2

        emitted = (await portal.events(staff.account_id))[before:]
        assert [e.type for e in emitted] == [
            "portal.contract.deleted",
            "portal.contract.deleted",
            "portal.unit.deleted",
            "portal.unit.deleted",
            "portal.property.deleted",
        ]
        assert {str(e.payload.contract_id) for e in emitted[:2]} == {  # type: ignore[attr-defined]
            c["id"] for c in data["contracts"]
        }
        assert {str(e.payload.unit_id) for e in emitted[2:4]} == {  # type: ignore[attr-defined]
            u["id"] for u in data["units"]
        }

    async def test_delete_without_contracts_takes_the_units(
        self, portal: Portal, staff: Staff
    ) -> None:
        prop = await post(portal, staff, "/properties", {"name": "Leerstand 1"})
        unit = await post(portal, staff, f"/properties/{prop['id']}/units", {"name": "WE 1"})
        assert (
            await portal.client.delete(f"{API}/properties/{prop['id']}", headers=staff.headers)
        ).status_code == 204
        assert (
            await portal.client.get(f"{API}/units/{unit['id']}", headers=staff.headers)
        ).status_code == 404


class TestUnits:
    async def test_units_of_a_property_searched_and_renamed(
        self, portal: Portal, staff: Staff
    ) -> None:
        data = await building(portal, staff)
        other = await post(portal, staff, "/properties", {"name": "Anderes Haus"})
        await post(portal, staff, f"/properties/{other['id']}/units", {"name": "WE 01"})

        mine = await portal.client.get(
            f"{API}/units", params={"property_id": data["property"]["id"]}, headers=staff.headers
        )
        assert [u["name"] for u in mine.json()["items"]] == ["WE 01", "WE 02"]
        found = await portal.client.get(
            f"{API}/units", params={"q": "we 02"}, headers=staff.headers
        )
        assert [u["id"] for u in found.json()["items"]] == [data["units"][1]["id"]]

        unit_id = data["units"][0]["id"]
        renamed = await portal.client.patch(
            f"{API}/units/{unit_id}", json={"name": "WE 01 EG links"}, headers=staff.headers
        )
        assert renamed.json()["name"] == "WE 01 EG links"
        taken = await portal.client.patch(
            f"{API}/units/{unit_id}", json={"name": "WE 02"}, headers=staff.headers
        )
        assert taken.status_code == 409
        assert taken.json()["code"] == "unit_name_taken"

    async def test_unit_with_contracts_is_deleted_only_with_cascade(
        self, portal: Portal, staff: Staff
    ) -> None:
        data = await building(portal, staff)
        unit_id = data["units"][0]["id"]
        refused = await portal.client.delete(f"{API}/units/{unit_id}", headers=staff.headers)
        assert refused.status_code == 409
        assert refused.json()["code"] == "unit_has_contracts"
        assert "einen Vertrag" in refused.json()["message"]
        ok = await portal.client.delete(
            f"{API}/units/{unit_id}?cascade=true", headers=staff.headers
        )
        assert ok.status_code == 204
        types = [e.type for e in await portal.events(staff.account_id)][-2:]
        assert types == ["portal.contract.deleted", "portal.unit.deleted"]

    async def test_unit_of_an_unknown_property(self, portal: Portal, staff: Staff) -> None:
        response = await portal.client.post(
            f"{API}/properties/00000000-0000-0000-0000-000000000000/units",
            json={"name": "WE 1"},
            headers=staff.headers,
        )
        assert response.status_code == 404
        assert response.json()["message"] == "Die Liegenschaft wurde nicht gefunden."


class TestContacts:
    async def test_create_search_change_delete(self, portal: Portal, staff: Staff) -> None:
        data = await building(portal, staff)
        await post(portal, staff, "/contacts", {"name": "Ohne Vertrag", "contact_number": "K-9"})

        on_property = await portal.client.get(
            f"{API}/contacts", params={"property_id": data["property"]["id"]}, headers=staff.headers
        )
        assert [c["name"] for c in on_property.json()["items"]] == [
            "Erika Eigentümer",
            "Max Mieter",
        ]
        assert all(c["registered"] is False for c in on_property.json()["items"])
        by_number = await portal.client.get(
            f"{API}/contacts", params={"q": "k-9"}, headers=staff.headers
        )
        assert [c["name"] for c in by_number.json()["items"]] == ["Ohne Vertrag"]

        tenant_id = data["contacts"][0]["id"]
        changed = await portal.client.patch(
            f"{API}/contacts/{tenant_id}",
            json={"preference": "letter", "email": None},
            headers=staff.headers,
        )
        assert changed.status_code == 200
        assert changed.json()["preference"] == "letter"
        assert changed.json()["email"] is None
        snapshot = (await portal.events(staff.account_id))[-1]
        assert snapshot.type == "portal.contact.upserted"
        assert snapshot.payload.preference == "letter"  # type: ignore[attr-defined]

        before = len(await portal.events(staff.account_id))
        assert (
            await portal.client.delete(f"{API}/contacts/{tenant_id}", headers=staff.headers)
        ).status_code == 204
        emitted = [e.type for e in (await portal.events(staff.account_id))[before:]]
        assert emitted == ["portal.contract.deleted", "portal.contact.deleted"]
        contracts = await portal.client.get(
            f"{API}/contracts", params={"contact_id": tenant_id}, headers=staff.headers
        )
        assert contracts.json()["total"] == 0

    async def test_contact_numbers_are_unique_in_the_account(
        self, portal: Portal, staff: Staff
    ) -> None:
        await post(portal, staff, "/contacts", {"name": "Erste", "contact_number": "4711"})
        response = await portal.client.post(
            f"{API}/contacts",
            json={"name": "Zweite", "contact_number": "4711"},
            headers=staff.headers,
        )
        assert response.status_code == 409
        assert response.json()["code"] == "contact_number_taken"

    async def test_bad_email_is_refused(self, portal: Portal, staff: Staff) -> None:
        response = await portal.client.post(
            f"{API}/contacts", json={"name": "X", "email": "kein-at"}, headers=staff.headers
        )
        assert response.status_code == 422
        assert response.json()["message"] == "Bitte prüfen Sie die Eingaben: email."


class TestContracts:
    async def test_end_before_start(self, portal: Portal, staff: Staff) -> None:
        data = await building(portal, staff)
        response = await portal.client.post(
            f"{API}/contracts",
            json={
                "contact_id": data["contacts"][0]["id"],
                "unit_id": data["units"][1]["id"],
                "role": "tenant",
                "start": "2025-05-01",
                "end": "2025-04-30",
            },
            headers=staff.headers,
        )
        assert response.status_code == 422
        assert response.json()["code"] == "contract_ends_before_start"
        assert response.json()["message"] == "Der Vertrag kann nicht vor seinem Beginn enden."

        contract_id = data["contracts"][0]["id"]
        patched = await portal.client.patch(
            f"{API}/contracts/{contract_id}", json={"end": "2023-12-31"}, headers=staff.headers
        )
        assert patched.status_code == 422
        assert patched.json()["code"] == "contract_ends_before_start"

    async def test_unknown_unit_or_contact_is_named(self, portal: Portal, staff: Staff) -> None:
        data = await building(portal, staff)
        missing = "00000000-0000-0000-0000-000000000001"
        unit = await portal.client.post(
            f"{API}/contracts",
            json={
                "contact_id": data["contacts"][0]["id"],
                "unit_id": missing,
                "role": "tenant",
                "start": "2025-05-01",
            },
            headers=staff.headers,
        )
        assert unit.status_code == 404
        assert unit.json()["message"] == "Die Einheit wurde nicht gefunden."
        contact = await portal.client.post(
            f"{API}/contracts",
            json={
                "contact_id": missing,
                "unit_id": data["units"][0]["id"],
                "role": "tenant",
                "start": "2025-05-01",
            },
            headers=staff.headers,
        )
        assert contact.status_code == 404
        assert contact.json()["message"] == "Der Kontakt wurde nicht gefunden."

    async def test_contract_moves_to_another_unit_and_ends(
        self, portal: Portal, staff: Staff
    ) -> None:
        data = await building(portal, staff)
        other = await post(portal, staff, "/properties", {"name": "Nebenhaus"})
        garage = await post(portal, staff, f"/properties/{other['id']}/units", {"name": "Garage 4"})
        contract_id = data["contracts"][0]["id"]
        moved = await portal.client.patch(
            f"{API}/contracts/{contract_id}",
            json={"unit_id": garage["id"], "end": "2026-06-30"},
            headers=staff.headers,
        )
        assert moved.status_code == 200, moved.text
        assert moved.json()["property_id"] == other["id"]
        assert moved.json()["end"] == "2026-06-30"
        snapshot = (await portal.events(staff.account_id))[-1]
        assert snapshot.type == "portal.contract.upserted"
        assert str(snapshot.payload.property_id) == other["id"]  # type: ignore[attr-defined]

        listed = await portal.client.get(
            f"{API}/contracts", params={"unit_id": garage["id"]}, headers=staff.headers
        )
        assert [c["id"] for c in listed.json()["items"]] == [contract_id]
        assert (
            await portal.client.delete(f"{API}/contracts/{contract_id}", headers=staff.headers)
        ).status_code == 204
        assert (
            await portal.client.get(f"{API}/contracts/{contract_id}", headers=staff.headers)
        ).status_code == 404


class TestAccountIsolation:
    async def test_another_account_finds_nothing(self, portal: Portal, staff: Staff) -> None:
        data = await building(portal, staff)
        stranger = await portal.new_account("Konkurrenz GmbH")
        paths = [
            f"/properties/{data['property']['id']}",
            f"/units/{data['units'][0]['id']}",
            f"/contacts/{data['contacts'][0]['id']}",
            f"/contracts/{data['contracts'][0]['id']}",
        ]
        for path in paths:
            for method in ("GET", "PATCH", "DELETE"):
                body = {} if method == "PATCH" else None
                response = await portal.client.request(
                    method, API + path, json=body, headers=stranger.headers
                )
                assert response.status_code == 404, (method, path, response.text)
        for path in (
            f"/contacts/{data['contacts'][0]['id']}/registration-token",
            f"/properties/{data['property']['id']}/units",
        ):
            response = await portal.client.post(
                API + path, json={"name": "x"}, headers=stranger.headers
            )
            assert response.status_code == 404, path
        hijack = await portal.client.post(
            f"{API}/contracts",
            json={
                "contact_id": data["contacts"][0]["id"],
                "unit_id": data["units"][0]["id"],
                "role": "tenant",
                "start": "2025-01-01",
            },
            headers=stranger.headers,
        )
        assert hijack.status_code == 404
        for listing in ("/properties", "/units", "/contacts", "/contracts"):
            response = await portal.client.get(API + listing, headers=stranger.headers)
            assert response.json()["total"] == 0, listing
        # Nothing of the first account changed.
        mine = await portal.client.get(f"{API}/contracts", headers=staff.headers)
        assert mine.json()["total"] == 2
