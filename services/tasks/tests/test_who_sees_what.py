"""Who sees a ticket: its reporter and linked contacts while they may log in (also outside
their contract, inside the access window), staff of the account; everyone else gets 404."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:  # fixtures' types; conftest is not importable under importlib mode
    from conftest import Agency, Tasks

API = "/api/tasks"


async def status_of(tasks: Tasks, headers: dict[str, str], ticket_id: str) -> int:
    return (await tasks.client.get(f"{API}/tickets/{ticket_id}", headers=headers)).status_code


async def listed(tasks: Tasks, headers: dict[str, str]) -> list[str]:
    response = await tasks.client.get(f"{API}/tickets", headers=headers)
    assert response.status_code == 200, response.text
    return [t["id"] for t in response.json()["items"]]


async def link(tasks: Tasks, agency: Agency, ticket: dict[str, Any], contact: uuid.UUID) -> None:
    response = await tasks.client.post(
        f"{API}/tickets/{ticket['id']}/contacts",
        headers=agency.staff,
        json={"contact_id": str(contact)},
    )
    assert response.status_code == 200, response.text


class TestWhoSees:
    async def test_reporter_and_staff_see_it_the_neighbour_does_not(
        self, tasks: Tasks, agency: Agency
    ) -> None:
        ticket = await tasks.report(agency.contact(agency.tenant), agency)
        for headers in (agency.contact(agency.tenant), agency.staff, agency.admin):
            assert await status_of(tasks, headers, ticket["id"]) == 200
            assert await listed(tasks, headers) == [ticket["id"]]
        # Same house, same property: still not theirs.
        for who in (agency.neighbour, agency.owner, agency.resident):
            assert await status_of(tasks, agency.contact(who), ticket["id"]) == 404
            assert await listed(tasks, agency.contact(who)) == []

    async def test_another_account_gets_404_for_everything(
        self, tasks: Tasks, agency: Agency
    ) -> None:
        ticket = await tasks.report(agency.contact(agency.tenant), agency)
        other = await tasks.agency()
        paths = ["", "/pdf", f"/attachments/{uuid.uuid4()}"]
        for headers in (other.staff, other.contact(other.tenant)):
            for path in paths:
                response = await tasks.client.get(
                    f"{API}/tickets/{ticket['id']}{path}", headers=headers
                )
                assert response.status_code == 404, path
            response = await tasks.client.post(
                f"{API}/tickets/{ticket['id']}/comments", headers=headers, json={"text": "Hallo"}
            )
            assert response.status_code == 404
            assert await listed(tasks, headers) == []
        response = await tasks.client.post(
            f"{API}/tickets/{ticket['id']}/status", headers=other.staff, json={"status": "done"}
        )
        assert response.status_code == 404

    async def test_a_linked_contact_outside_its_contract_inside_the_window(
        self, tasks: Tasks, agency: Agency
    ) -> None:
        """The former tenant's contract ended 10 days ago; access lasts 30 days after it."""
        ticket = await tasks.report(agency.contact(agency.neighbour), agency, unit_id=agency.unit_2)
        former = agency.contact(agency.former)
        assert await status_of(tasks, former, ticket["id"]) == 404
        await link(tasks, agency, ticket, agency.former)
        assert await status_of(tasks, former, ticket["id"]) == 200
        assert await listed(tasks, former) == [ticket["id"]]
        # Once its window closes (day 31 after the end) the ticket is gone for it.
        tasks.clock.advance(timedelta(days=21))
        assert await status_of(tasks, former, ticket["id"]) == 404
        assert await listed(tasks, former) == []
        assert await status_of(tasks, agency.contact(agency.neighbour), ticket["id"]) == 200

    async def test_a_linked_contact_whose_window_has_ended_sees_nothing(
        self, tasks: Tasks, agency: Agency
    ) -> None:
        ticket = await tasks.report(agency.contact(agency.tenant), agency)
        await link(tasks, agency, ticket, agency.gone)
        assert await status_of(tasks, agency.contact(agency.gone), ticket["id"]) == 404
        assert await listed(tasks, agency.contact(agency.gone)) == []

    async def test_unlinking_takes_the_ticket_away(self, tasks: Tasks, agency: Agency) -> None:
        ticket = await tasks.report(agency.contact(agency.tenant), agency)
        await link(tasks, agency, ticket, agency.owner)
        assert await status_of(tasks, agency.contact(agency.owner), ticket["id"]) == 200
        response = await tasks.client.delete(
            f"{API}/tickets/{ticket['id']}/contacts/{agency.owner}", headers=agency.staff
        )
        assert response.status_code == 200
        assert await status_of(tasks, agency.contact(agency.owner), ticket["id"]) == 404

    async def test_a_reporter_who_moved_out_keeps_it_inside_the_window_only(
        self, tasks: Tasks, agency: Agency
    ) -> None:
        ticket = await tasks.report(
            agency.staff, agency, reporter_contact_id=agency.former, unit_id=agency.unit_2
        )
        assert await status_of(tasks, agency.contact(agency.former), ticket["id"]) == 200
        staffed = await tasks.report(agency.staff, agency, reporter_contact_id=agency.gone)
        assert await status_of(tasks, agency.contact(agency.gone), staffed["id"]) == 404

    @pytest.mark.parametrize("path", ["/contacts", "/status"])
    async def test_only_staff_link_contacts_and_set_the_status(
        self, tasks: Tasks, agency: Agency, path: str
    ) -> None:
        ticket = await tasks.report(agency.contact(agency.tenant), agency)
        body = {"contact_id": str(agency.owner)} if path == "/contacts" else {"status": "done"}
        response = await tasks.client.post(
            f"{API}/tickets/{ticket['id']}{path}", headers=agency.contact(agency.tenant), json=body
        )
        assert response.status_code == 403
        assert response.json()["code"] == "staff_only"

    async def test_linking_an_unknown_contact(self, tasks: Tasks, agency: Agency) -> None:
        ticket = await tasks.report(agency.contact(agency.tenant), agency)
        other = await tasks.agency()
        for contact in (uuid.uuid4(), other.tenant):
            response = await tasks.client.post(
                f"{API}/tickets/{ticket['id']}/contacts",
                headers=agency.staff,
                json={"contact_id": str(contact)},
            )
            assert response.status_code == 422
            assert response.json()["code"] == "unknown_contact"

    async def test_linked_contacts_are_named_to_staff_only(
        self, tasks: Tasks, agency: Agency
    ) -> None:
        ticket = await tasks.report(agency.contact(agency.tenant), agency)
        await link(tasks, agency, ticket, agency.owner)
        staff_view = (
            await tasks.client.get(f"{API}/tickets/{ticket['id']}", headers=agency.staff)
        ).json()
        assert [c["name"] for c in staff_view["linked_contacts"]] == ["Olga Eigentümerin"]
        assert "Kontakt verknüpft: Olga Eigentümerin" in [
            h["summary"] for h in staff_view["history"]
        ]
        tenant_view = (
            await tasks.client.get(
                f"{API}/tickets/{ticket['id']}", headers=agency.contact(agency.tenant)
            )
        ).json()
        assert tenant_view["linked_contacts"] == []
        assert all(h["kind"] != "contact_linked" for h in tenant_view["history"])
