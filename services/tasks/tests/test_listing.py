"""Staff find tickets: filters (status, property, assignee, type), search over number, title
and description, paging, newest first; residents list their own and linked ones."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # fixtures' types; conftest is not importable under importlib mode
    from conftest import Agency, Tasks

API = "/api/tasks"


async def numbers(tasks: Tasks, headers: dict[str, str], **params: Any) -> list[str]:
    response = await tasks.client.get(f"{API}/tickets", headers=headers, params=params)
    assert response.status_code == 200, response.text
    return [t["number"] for t in response.json()["items"]]


class TestStaffListing:
    async def test_filters_search_and_paging(self, tasks: Tasks, agency: Agency) -> None:
        tenant = agency.contact(agency.tenant)
        first = await tasks.report(tenant, agency, title="Heizung kalt")
        tasks.clock.advance(timedelta(minutes=1))
        second = await tasks.report(
            agency.staff,
            agency,
            type_name="Allgemeine Anfrage",
            values={},
            title="Frage zur Nebenkostenabrechnung",
            description="Warum 100% mehr?",
            property_id=agency.other_property_id,
            assignee_staff_id=agency.staff_id,
        )
        tasks.clock.advance(timedelta(minutes=1))
        third = await tasks.report(tenant, agency, title="Fenster klemmt", unit_id=agency.unit_1)
        await tasks.client.post(
            f"{API}/tickets/{third['id']}/status", headers=agency.staff, json={"status": "waiting"}
        )
        staff = agency.staff
        assert await numbers(tasks, staff) == ["2026-0003", "2026-0002", "2026-0001"]
        assert await numbers(tasks, staff, status="waiting") == ["2026-0003"]
        assert await numbers(tasks, staff, status="open") == ["2026-0002", "2026-0001"]
        assert await numbers(tasks, staff, property_id=agency.other_property_id) == ["2026-0002"]
        assert await numbers(tasks, staff, assignee_staff_id=agency.staff_id) == ["2026-0002"]
        assert await numbers(tasks, staff, ticket_type_id=second["ticket_type_id"]) == ["2026-0002"]
        assert await numbers(tasks, staff, q="heizung KALT") == ["2026-0001"]
        assert await numbers(tasks, staff, q="0003") == ["2026-0003"]
        assert await numbers(tasks, staff, q="100%") == ["2026-0002"]  # in the description
        assert await numbers(tasks, staff, q="%") == ["2026-0002"]  # no wildcard
        assert await numbers(tasks, staff, q="_") == []
        assert await numbers(tasks, staff, status="open", property_id=agency.property_id) == [
            "2026-0001"
        ]
        page = await tasks.client.get(
            f"{API}/tickets", headers=staff, params={"limit": 2, "offset": 1}
        )
        body = page.json()
        assert (body["total"], body["limit"], body["offset"]) == (3, 2, 1)
        assert [t["number"] for t in body["items"]] == ["2026-0002", "2026-0001"]
        listed = body["items"][0]
        assert listed["assignee"]["name"] == "Jörg Hausmeister"
        assert listed["property"]["name"] == "Ahornstraße 9"
        assert first["id"] != listed["id"]

    async def test_bad_filters(self, tasks: Tasks, agency: Agency) -> None:
        for params in ({"status": "fertig"}, {"limit": 0}, {"property_id": "nope"}):
            response = await tasks.client.get(f"{API}/tickets", headers=agency.staff, params=params)
            assert response.status_code == 422


class TestResidentListing:
    async def test_own_and_linked_only(self, tasks: Tasks, agency: Agency) -> None:
        own = await tasks.report(agency.contact(agency.owner), agency, title="Dach undicht")
        tasks.clock.advance(timedelta(minutes=1))
        theirs = await tasks.report(agency.contact(agency.tenant), agency, title="Heizung")
        tasks.clock.advance(timedelta(minutes=1))
        await tasks.report(agency.contact(agency.neighbour), agency, unit_id=agency.unit_2)
        await tasks.client.post(
            f"{API}/tickets/{theirs['id']}/contacts",
            headers=agency.staff,
            json={"contact_id": str(agency.owner)},
        )
        owner = agency.contact(agency.owner)
        assert await numbers(tasks, owner) == [theirs["number"], own["number"]]
        assert await numbers(tasks, owner, q="dach") == [own["number"]]
        page = await tasks.client.get(f"{API}/tickets", headers=owner, params={"limit": 1})
        assert page.json()["total"] == 2
        assert [t["number"] for t in page.json()["items"]] == [theirs["number"]]
