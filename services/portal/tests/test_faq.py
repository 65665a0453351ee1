"""FAQ entries and contact persons of a property: staff keep them, its people see them."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from conftest import Neighbourhood

API = "/api/portal"


class TestFaq:
    async def test_create_list_in_order_change_and_delete(
        self, neighbourhood: Neighbourhood
    ) -> None:
        hood = neighbourhood
        base = f"/properties/{hood.properties['lindenallee']}/faq"
        first = await hood.post(
            base, json={"question": "Wann wird der Müll abgeholt?", "answer": "Di."}
        )
        assert first.status_code == 201, first.text
        assert first.json()["position"] == 0
        second = await hood.post(
            base, json={"question": "Wo ist der Fahrradkeller?", "answer": "UG"}
        )
        assert second.json()["position"] == 1
        # A position is a place in the list: the new entry goes first, the others move down.
        top = await hood.post(base, json={"question": "Notruf?", "answer": "112", "position": 0})
        assert top.status_code == 201

        client, headers = hood.portal.client, hood.staff.headers
        listed = (await client.get(f"{API}{base}", headers=headers)).json()
        assert [(e["question"], e["position"]) for e in listed["items"]] == [
            ("Notruf?", 0),
            ("Wann wird der Müll abgeholt?", 1),
            ("Wo ist der Fahrradkeller?", 2),
        ]
        moved = await client.patch(
            f"{API}{base}/{second.json()['id']}", json={"position": -1}, headers=headers
        )
        assert moved.status_code == 422
        changed = await client.patch(
            f"{API}{base}/{first.json()['id']}",
            json={"answer": "Dienstags ab 7 Uhr", "position": 5},
            headers=headers,
        )
        assert changed.status_code == 200, changed.text
        cleared = await client.patch(
            f"{API}{base}/{first.json()['id']}", json={"question": None}, headers=headers
        )
        assert cleared.status_code == 422
        gone = await client.delete(f"{API}{base}/{top.json()['id']}", headers=headers)
        assert gone.status_code == 204
        listed = (await client.get(f"{API}{base}", headers=headers)).json()
        assert [(e["question"], e["answer"]) for e in listed["items"]] == [
            ("Wo ist der Fahrradkeller?", "UG"),
            ("Wann wird der Müll abgeholt?", "Dienstags ab 7 Uhr"),
        ]
        again = await client.delete(f"{API}{base}/{top.json()['id']}", headers=headers)
        assert again.status_code == 404
        assert again.json()["code"] == "faq_entry_not_found"

    async def test_the_property_people_see_it_on_their_start_page(
        self, neighbourhood: Neighbourhood
    ) -> None:
        hood = neighbourhood
        await hood.post(
            f"/properties/{hood.properties['lindenallee']}/faq",
            json={"question": "Müll?", "answer": "Dienstags"},
        )
        await hood.post(
            f"/properties/{hood.properties['birkenweg']}/faq",
            json={"question": "Garten?", "answer": "Gemeinschaftlich"},
        )
        for who in ("tenant", "owner", "resident"):
            faq = (await hood.home(who))["faq"]
            assert [(e["question"], e["property_name"]) for e in faq] == [
                ("Müll?", "Lindenallee 5")
            ], who
        assert [e["question"] for e in (await hood.home("other"))["faq"]] == ["Garten?"]
        assert (await hood.home("former"))["faq"] == []


class TestContactPersons:
    async def test_crud_and_visibility(self, neighbourhood: Neighbourhood) -> None:
        hood = neighbourhood
        base = f"/properties/{hood.properties['lindenallee']}/contact-persons"
        caretaker = await hood.post(
            base,
            json={
                "name": "Hans Hausmeister",
                "role": "Hausmeister",
                "phone": "0170 1234567",
                "email": "hans@example.com",
            },
        )
        assert caretaker.status_code == 201, caretaker.text
        manager = await hood.post(base, json={"name": "Petra Verwalterin", "email": ""})
        assert manager.status_code == 201, manager.text
        assert manager.json()["email"] is None
        bad = await hood.post(base, json={"name": "X", "email": "keine-adresse"})
        assert bad.status_code == 422

        client, headers = hood.portal.client, hood.staff.headers
        changed = await client.patch(
            f"{API}{base}/{manager.json()['id']}",
            json={"role": "Objektbetreuung", "position": 0},
            headers=headers,
        )
        assert changed.status_code == 200, changed.text
        persons = (await hood.home("resident"))["contact_persons"]
        assert [(p["name"], p["role"]) for p in persons] == [
            ("Petra Verwalterin", "Objektbetreuung"),
            ("Hans Hausmeister", "Hausmeister"),
        ]
        assert persons[1]["phone"] == "0170 1234567"
        assert (await hood.home("other"))["contact_persons"] == []

        removed = await client.delete(f"{API}{base}/{caretaker.json()['id']}", headers=headers)
        assert removed.status_code == 204
        listed = (await client.get(f"{API}{base}", headers=headers)).json()
        assert [p["name"] for p in listed["items"]] == ["Petra Verwalterin"]

    async def test_another_account_gets_404_everywhere(self, neighbourhood: Neighbourhood) -> None:
        hood = neighbourhood
        base = f"{API}/properties/{hood.properties['lindenallee']}"
        entry = await hood.post(
            f"/properties/{hood.properties['lindenallee']}/faq",
            json={"question": "Q", "answer": "A"},
        )
        person = await hood.post(
            f"/properties/{hood.properties['lindenallee']}/contact-persons", json={"name": "P"}
        )
        stranger = (await hood.portal.new_account("Andere HV")).headers
        client = hood.portal.client
        responses: list[Any] = [
            await client.get(f"{base}/faq", headers=stranger),
            await client.post(
                f"{base}/faq", json={"question": "Q", "answer": "A"}, headers=stranger
            ),
            await client.patch(
                f"{base}/faq/{entry.json()['id']}", json={"answer": "B"}, headers=stranger
            ),
            await client.delete(f"{base}/faq/{entry.json()['id']}", headers=stranger),
            await client.get(f"{base}/contact-persons", headers=stranger),
            await client.delete(f"{base}/contact-persons/{person.json()['id']}", headers=stranger),
        ]
        assert [r.status_code for r in responses] == [404] * len(responses)

    async def test_they_go_with_their_property(self, neighbourhood: Neighbourhood) -> None:
        hood = neighbourhood
        house = await hood.post("/properties", json={"name": "Abriss 1"})
        await hood.post(
            f"/properties/{house.json()['id']}/faq", json={"question": "Q", "answer": "A"}
        )
        await hood.post(f"/properties/{house.json()['id']}/contact-persons", json={"name": "P"})
        await hood.post(
            "/messages",
            json={
                "property_ids": [house.json()["id"], hood.properties["lindenallee"]],
                "title": "T",
                "text": "...",
            },
        )
        deleted = await hood.portal.client.delete(
            f"{API}/properties/{house.json()['id']}", headers=hood.staff.headers
        )
        assert deleted.status_code == 204, deleted.text
        [message] = (
            await hood.portal.client.get(f"{API}/messages", headers=hood.staff.headers)
        ).json()["items"]
        assert message["property_ids"] == [hood.properties["lindenallee"]]
