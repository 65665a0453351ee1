"""Reporting a ticket: residents for a place of theirs, staff on behalf of a contact; numbers
per account; photos; the event that tells the responsible staff; bad input with clear 4xx."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

import pytest

from hausportal.contracts.tasks import TaskCreated

if TYPE_CHECKING:  # fixtures' types; conftest is not importable under importlib mode
    from conftest import Agency, Tasks

API = "/api/tasks"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF = b"%PDF-1.4\n" + b"0" * 64


class TestResidentReports:
    async def test_tenant_reports_with_a_photo_and_gets_a_number(
        self, tasks: Tasks, agency: Agency
    ) -> None:
        ticket = await tasks.report(
            agency.contact(agency.tenant),
            agency,
            files=[("bad.png", PNG, "image/png"), ("rechnung.pdf", PDF, "application/pdf")],
            unit_id=agency.unit_1,
        )
        assert ticket["number"] == "2026-0001"
        assert ticket["status"] == "open"
        assert ticket["status_label"] == "Offen"
        assert ticket["reporter"]["name"] == "Tim Mieter"
        assert ticket["property"]["name"] == "Lindenweg 3"
        assert ticket["unit"]["name"] == "WE 01"
        assert [(a["file_name"], a["content_type"]) for a in ticket["attachments"]] == [
            ("bad.png", "image/png"),
            ("rechnung.pdf", "application/pdf"),
        ]
        assert {v["key"]: v["value"] for v in ticket["field_values"]} == {
            "ort": "Bad",
            "dringlichkeit": "hoch",
        }
        photo = ticket["attachments"][0]
        content = await tasks.client.get(
            f"{API}/tickets/{ticket['id']}/attachments/{photo['id']}",
            headers=agency.contact(agency.tenant),
        )
        assert content.status_code == 200
        assert content.content == PNG
        second = await tasks.report(agency.contact(agency.resident), agency)
        assert second["number"] == "2026-0002"

    async def test_new_ticket_event_names_the_admins_when_nobody_is_assigned(
        self, tasks: Tasks, agency: Agency
    ) -> None:
        ticket = await tasks.report(agency.contact(agency.tenant), agency)
        (event,) = [e for e in await tasks.events() if isinstance(e, TaskCreated)]
        assert event.account_id == agency.account_id
        p = event.payload
        assert str(p.task_id) == ticket["id"]
        assert p.number == "2026-0001"
        assert p.reporter_contact_id == agency.tenant
        assert p.actor_contact_id == agency.tenant
        assert p.ticket_type == "Schaden melden"
        # The active admin; not the retired one, not the plain staff member.
        assert p.responsible_staff_ids == (agency.admin_id,)

    async def test_staff_report_on_behalf_with_an_assignee(
        self, tasks: Tasks, agency: Agency
    ) -> None:
        ticket = await tasks.report(
            agency.staff,
            agency,
            reporter_contact_id=agency.owner,
            assignee_staff_id=agency.staff_id,
        )
        assert ticket["reporter"]["name"] == "Olga Eigentümerin"
        assert ticket["assignee"] == {
            "kind": "staff",
            "id": str(agency.staff_id),
            "name": "Jörg Hausmeister",
        }
        (event,) = [e for e in await tasks.events() if isinstance(e, TaskCreated)]
        assert event.payload.responsible_staff_ids == (agency.staff_id,)
        assert event.payload.actor_staff_id == agency.staff_id
        # The owner sees it as its own.
        mine = await tasks.client.get(f"{API}/tickets", headers=agency.contact(agency.owner))
        assert [t["id"] for t in mine.json()["items"]] == [ticket["id"]]

    async def test_numbers_are_per_account(self, tasks: Tasks, agency: Agency) -> None:
        other = await tasks.agency()
        await tasks.report(agency.contact(agency.tenant), agency)
        await tasks.report(agency.contact(agency.tenant), agency)
        assert (await tasks.report(other.contact(other.tenant), other))["number"] == "2026-0001"


class TestWhoMayReport:
    @pytest.mark.parametrize("who", ["neighbour", "resident"])
    async def test_not_for_a_flat_of_someone_else(
        self, tasks: Tasks, agency: Agency, who: str
    ) -> None:
        """The neighbour rents unit 2, the resident lives in the house without a flat."""
        body = await tasks.report(
            agency.contact(getattr(agency, who)), agency, unit_id=agency.unit_1, expect=404
        )
        assert body["code"] == "property_not_found"

    async def test_a_former_tenant_reports_nothing_more(self, tasks: Tasks, agency: Agency) -> None:
        """In its access window it may log in, but its contract is over."""
        await tasks.report(agency.contact(agency.former), agency, expect=404)

    async def test_not_for_another_house_or_an_unknown_one(
        self, tasks: Tasks, agency: Agency
    ) -> None:
        tenant = agency.contact(agency.tenant)
        await tasks.report(tenant, agency, property_id=agency.other_property_id, expect=404)
        body = await tasks.report(tenant, agency, property_id=uuid.uuid4(), expect=404)
        assert "Liegenschaft" in body["message"]
        # Staff too: a property the account does not have.
        await tasks.report(agency.staff, agency, property_id=uuid.uuid4(), expect=404)
        # A unit of another property.
        await tasks.report(
            agency.staff,
            agency,
            property_id=agency.other_property_id,
            unit_id=agency.unit_1,
            expect=404,
        )

    async def test_a_resident_cannot_report_in_someone_elses_name(
        self, tasks: Tasks, agency: Agency
    ) -> None:
        body = await tasks.report(
            agency.contact(agency.tenant), agency, reporter_contact_id=agency.owner, expect=422
        )
        assert body["code"] == "reporter_is_you"
        body = await tasks.report(
            agency.contact(agency.tenant), agency, assignee_staff_id=agency.staff_id, expect=422
        )
        assert body["code"] == "assignee_by_staff"


class TestBadInput:
    async def test_a_file_of_another_kind_is_refused_by_its_content(
        self, tasks: Tasks, agency: Agency
    ) -> None:
        body = await tasks.report(
            agency.contact(agency.tenant),
            agency,
            # Claims to be a photo; is a Windows program.
            files=[("foto.png", b"MZ\x90\x00" + b"\x00" * 60, "image/png")],
            expect=415,
        )
        assert body["code"] == "unsupported_file_type"
        assert "„foto.png“" in body["message"]
        assert await tasks.events() == []
        assert [s async for s in tasks.runtime.storage.list(f"{agency.account_id}/")] == []

    async def test_an_oversized_file_names_the_file_and_leaves_nothing(
        self, run_tasks: object
    ) -> None:
        async with run_tasks(max_upload_bytes=1000) as small:  # type: ignore[operator]
            agency = await small.agency()
            body = await small.report(
                agency.contact(agency.tenant),
                agency,
                files=[("klein.png", PNG, "image/png"), ("gross.png", PNG * 50, "image/png")],
                expect=413,
            )
            assert body["code"] == "file_too_large"
            assert "„gross.png“" in body["message"]
            assert [s async for s in small.runtime.storage.list(f"{agency.account_id}/")] == []
            listed = await small.client.get(f"{API}/tickets", headers=agency.staff)
            assert listed.json()["total"] == 0

    async def test_an_empty_file(self, tasks: Tasks, agency: Agency) -> None:
        body = await tasks.report(
            agency.contact(agency.tenant),
            agency,
            files=[("leer.jpg", b"", "image/jpeg")],
            expect=422,
        )
        assert body["code"] == "empty_file"

    async def test_unknown_ticket_type_and_missing_title(
        self, tasks: Tasks, agency: Agency
    ) -> None:
        response = await tasks.client.post(
            f"{API}/tickets",
            headers=agency.contact(agency.tenant),
            data={
                "ticket_type_id": str(uuid.uuid4()),
                "title": "x",
                "description": "y",
                "property_id": str(agency.property_id),
            },
        )
        assert response.status_code == 404
        assert response.json()["code"] == "ticket_type_not_found"
        response = await tasks.client.post(
            f"{API}/tickets",
            headers=agency.contact(agency.tenant),
            data={"property_id": str(agency.property_id), "description": "y"},
        )
        assert response.status_code == 422
        assert "title" in response.json()["message"]

    async def test_field_values_that_are_no_json_object(self, tasks: Tasks, agency: Agency) -> None:
        types = await tasks.ticket_types(agency)
        response = await tasks.client.post(
            f"{API}/tickets",
            headers=agency.contact(agency.tenant),
            data={
                "ticket_type_id": types["Schaden melden"]["id"],
                "title": "x",
                "description": "y",
                "property_id": str(agency.property_id),
                "field_values": "[1, 2",
            },
        )
        assert response.status_code == 422
        assert response.json()["code"] == "invalid_field_values"

    async def test_staff_name_an_unknown_reporter_or_assignee(
        self, tasks: Tasks, agency: Agency
    ) -> None:
        body = await tasks.report(
            agency.staff, agency, reporter_contact_id=uuid.uuid4(), expect=422
        )
        assert body["code"] == "unknown_contact"
        for assignee in (uuid.uuid4(), agency.retired_staff_id):
            body = await tasks.report(agency.staff, agency, assignee_staff_id=assignee, expect=422)
            assert body["code"] == "unknown_staff"
        other = await tasks.agency()
        body = await tasks.report(
            agency.staff, agency, assignee_staff_id=other.admin_id, expect=422
        )
        assert body["code"] == "unknown_staff"
