"""Staff work on a ticket: public and internal comments, status, assignee, reopening; every
change in the history with who and when; internal comments never reach a resident (API, PDF,
events); the PDF of the public history with German letters intact."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, Any

from hausportal.contracts.tasks import (
    TaskAssigned,
    TaskCommented,
    TaskCreated,
    TaskStatus,
    TaskStatusChanged,
)

if TYPE_CHECKING:  # fixtures' types; conftest is not importable under importlib mode
    from conftest import Agency, Tasks

API = "/api/tasks"
SECRET_NOTE = "Intern: Mieter zahlt Reparatur selbst, Rücksprache Eigentümer"
PUBLIC_NOTE = "Der Handwerker kommt am Dienstag zwischen 8 und 12 Uhr."


async def act(
    tasks: Tasks, headers: dict[str, str], method: str, path: str, expect: int = 200, **body: Any
) -> dict[str, Any]:
    response = await tasks.client.request(method, f"{API}{path}", headers=headers, json=body)
    assert response.status_code == expect, response.text
    return response.json()  # type: ignore[no-any-return]


async def worked_on(tasks: Tasks, agency: Agency) -> dict[str, Any]:
    """A tenant's ticket with an internal and a public comment, assigned and in progress."""
    ticket = await tasks.report(agency.contact(agency.tenant), agency)
    path = f"/tickets/{ticket['id']}"
    tasks.clock.advance(timedelta(minutes=5))
    await act(tasks, agency.staff, "POST", f"{path}/comments", text=SECRET_NOTE, internal=True)
    await act(tasks, agency.staff, "POST", f"{path}/comments", text=PUBLIC_NOTE)
    await act(tasks, agency.staff, "PUT", f"{path}/assignee", staff_id=str(agency.staff_id))
    tasks.clock.advance(timedelta(minutes=5))
    await act(tasks, agency.staff, "POST", f"{path}/status", status="in_progress")
    return ticket


class TestInternalComments:
    async def test_never_in_the_residents_view_list_or_pdf(
        self, tasks: Tasks, agency: Agency
    ) -> None:
        ticket = await worked_on(tasks, agency)
        await act(
            tasks,
            agency.staff,
            "POST",
            f"/tickets/{ticket['id']}/contacts",
            contact_id=str(agency.owner),
        )
        for who in (agency.tenant, agency.owner):
            view = await act(tasks, agency.contact(who), "GET", f"/tickets/{ticket['id']}")
            texts = [h["text"] for h in view["history"] if h["text"]]
            assert texts == [PUBLIC_NOTE]
            assert all(not h["internal"] for h in view["history"])
            assert SECRET_NOTE not in str(view)
            text = await tasks.pdf_text(agency.contact(who), ticket["id"])
            assert PUBLIC_NOTE in text
            assert "Rücksprache" not in text
            assert "Intern" not in text
        staff_view = await act(tasks, agency.staff, "GET", f"/tickets/{ticket['id']}")
        assert [h["text"] for h in staff_view["history"] if h["text"]] == [SECRET_NOTE, PUBLIC_NOTE]

    async def test_never_an_event(self, tasks: Tasks, agency: Agency) -> None:
        await worked_on(tasks, agency)
        events = await tasks.events()
        assert [type(e) for e in events] == [
            TaskCreated,
            TaskCommented,
            TaskAssigned,
            TaskStatusChanged,
        ]
        (commented,) = [e for e in events if isinstance(e, TaskCommented)]
        assert commented.payload.text == PUBLIC_NOTE
        assert commented.payload.actor_staff_id == agency.staff_id
        assert all("Rücksprache" not in e.model_dump_json() for e in events)

    async def test_staff_pdf_with_internal_comments_residents_may_not_ask(
        self, tasks: Tasks, agency: Agency
    ) -> None:
        ticket = await worked_on(tasks, agency)
        text = await tasks.pdf_text(agency.staff, ticket["id"], internal="true")
        assert SECRET_NOTE in text
        assert PUBLIC_NOTE in text
        # Without asking, staff get the public copy too (what they would hand out).
        assert SECRET_NOTE not in await tasks.pdf_text(agency.staff, ticket["id"])
        response = await tasks.client.get(
            f"{API}/tickets/{ticket['id']}/pdf",
            headers=agency.contact(agency.tenant),
            params={"internal": "true"},
        )
        assert response.status_code == 403

    async def test_residents_comment_publicly_only(self, tasks: Tasks, agency: Agency) -> None:
        ticket = await tasks.report(agency.contact(agency.tenant), agency)
        path = f"/tickets/{ticket['id']}/comments"
        body = await act(
            tasks, agency.contact(agency.tenant), "POST", path, expect=403, text="x", internal=True
        )
        assert body["code"] == "internal_by_staff"
        view = await act(tasks, agency.contact(agency.tenant), "POST", path, text="Danke schön!")
        (comment,) = [h for h in view["history"] if h["kind"] == "commented"]
        assert comment["actor"]["name"] == "Tim Mieter"
        (event,) = [e for e in await tasks.events() if isinstance(e, TaskCommented)]
        assert event.payload.actor_contact_id == agency.tenant
        await act(tasks, agency.contact(agency.tenant), "POST", path, expect=422, text="   ")


class TestPdf:
    async def test_the_whole_public_history_in_german(self, tasks: Tasks, agency: Agency) -> None:
        ticket = await worked_on(tasks, agency)
        text = await tasks.pdf_text(agency.contact(agency.tenant), ticket["id"])
        for expected in (
            "Hausverwaltung Müller & Söhne",
            f"Vorgang {ticket['number']}",
            "Heizung kalt",
            "Die Heizung im Bad bleibt kalt.",
            "Wo ist der Schaden?: Bad",
            "Dringlichkeit: hoch",
            "Gemeldet von: Tim Mieter",
            "Zuständig: Jörg Hausmeister",
            "Status: In Bearbeitung",
            "15.12.2026 10:30 · Tim Mieter: Vorgang gemeldet",
            "Status: Offen -> In Bearbeitung",
            "Zuständig: niemand -> Jörg Hausmeister",
            PUBLIC_NOTE,
        ):
            assert expected in text, expected

    async def test_a_long_history_runs_over_pages(self, tasks: Tasks, agency: Agency) -> None:
        ticket = await tasks.report(agency.contact(agency.tenant), agency)
        for n in range(60):
            await act(
                tasks,
                agency.staff,
                "POST",
                f"/tickets/{ticket['id']}/comments",
                text=f"Nachricht Nummer {n}: Größe der Pfütze wächst.",
            )
        response = await tasks.client.get(
            f"{API}/tickets/{ticket['id']}/pdf", headers=agency.contact(agency.tenant)
        )
        import pypdfium2

        document = pypdfium2.PdfDocument(response.content)
        assert len(document) >= 2
        document.close()
        text = await tasks.pdf_text(agency.contact(agency.tenant), ticket["id"])
        assert "Nachricht Nummer 0:" in text
        assert "Nachricht Nummer 59: Größe der Pfütze wächst." in text


class TestStatusAndReopen:
    async def test_history_says_who_and_when(self, tasks: Tasks, agency: Agency) -> None:
        ticket = await worked_on(tasks, agency)
        view = await act(tasks, agency.staff, "GET", f"/tickets/{ticket['id']}")
        rows = [(h["kind"], h["actor"]["name"], h["at"][:16]) for h in view["history"]]
        assert rows == [
            ("created", "Tim Mieter", "2026-12-15T09:30"),
            ("commented", "Jörg Hausmeister", "2026-12-15T09:35"),
            ("commented", "Jörg Hausmeister", "2026-12-15T09:35"),
            ("assigned", "Jörg Hausmeister", "2026-12-15T09:35"),
            ("status_changed", "Jörg Hausmeister", "2026-12-15T09:40"),
        ]
        tenant_view = await act(
            tasks, agency.contact(agency.tenant), "GET", f"/tickets/{ticket['id']}"
        )
        assert tenant_view["assignee"]["name"] == "Jörg Hausmeister"
        assert tenant_view["status_label"] == "In Bearbeitung"
        assert len(tenant_view["history"]) == 4

    async def test_the_reporter_reopens_after_done_also_much_later(
        self, tasks: Tasks, agency: Agency
    ) -> None:
        ticket = await worked_on(tasks, agency)
        path = f"/tickets/{ticket['id']}"
        tenant = agency.contact(agency.tenant)
        body = await act(tasks, tenant, "POST", f"{path}/reopen", expect=409)
        assert body["code"] == "ticket_not_done"
        done = await act(tasks, agency.staff, "POST", f"{path}/status", status="done")
        assert done["can_reopen"] is True
        assert (await act(tasks, tenant, "GET", path))["can_reopen"] is True
        tasks.clock.advance(timedelta(days=200))
        reopened = await act(tasks, tenant, "POST", f"{path}/reopen")
        assert reopened["status"] == "open"
        assert reopened["history"][-1]["summary"] == "Wieder geöffnet: Erledigt → Offen"
        assert reopened["history"][-1]["actor"]["name"] == "Tim Mieter"
        last = (await tasks.events())[-1]
        assert isinstance(last, TaskStatusChanged)
        assert last.payload.reopened is True
        assert last.payload.previous_status is TaskStatus.done
        assert last.payload.actor_contact_id == agency.tenant

    async def test_staff_reopen_a_linked_contact_may_not(
        self, tasks: Tasks, agency: Agency
    ) -> None:
        ticket = await tasks.report(agency.contact(agency.tenant), agency)
        path = f"/tickets/{ticket['id']}"
        await act(tasks, agency.staff, "POST", f"{path}/contacts", contact_id=str(agency.owner))
        await act(tasks, agency.staff, "POST", f"{path}/status", status="done")
        owner = agency.contact(agency.owner)
        assert (await act(tasks, owner, "GET", path))["can_reopen"] is False
        body = await act(tasks, owner, "POST", f"{path}/reopen", expect=403)
        assert body["code"] == "reopen_by_reporter"
        assert (await act(tasks, agency.staff, "POST", f"{path}/reopen"))["status"] == "open"
        # A neighbour cannot even find it.
        await act(tasks, agency.contact(agency.neighbour), "POST", f"{path}/reopen", expect=404)

    async def test_setting_the_same_status_or_assignee_changes_nothing(
        self, tasks: Tasks, agency: Agency
    ) -> None:
        ticket = await tasks.report(agency.contact(agency.tenant), agency)
        path = f"/tickets/{ticket['id']}"
        await act(tasks, agency.staff, "POST", f"{path}/status", status="open")
        await act(tasks, agency.staff, "PUT", f"{path}/assignee", staff_id=None)
        assert [type(e) for e in await tasks.events()] == [TaskCreated]
        view = await act(tasks, agency.staff, "GET", path)
        assert [h["kind"] for h in view["history"]] == ["created"]

    async def test_reassigning_and_unassigning(self, tasks: Tasks, agency: Agency) -> None:
        ticket = await tasks.report(agency.contact(agency.tenant), agency)
        path = f"/tickets/{ticket['id']}/assignee"
        await act(tasks, agency.staff, "PUT", path, staff_id=str(agency.staff_id))
        view = await act(tasks, agency.admin, "PUT", path, staff_id=str(agency.admin_id))
        assert view["assignee"]["name"] == "Anna Admin"
        view = await act(tasks, agency.admin, "PUT", path, staff_id=None)
        assert view["assignee"] is None
        assert [h["summary"] for h in view["history"][1:]] == [
            "Zuständig: niemand → Jörg Hausmeister",
            "Zuständig: Jörg Hausmeister → Anna Admin",
            "Zuständig: Anna Admin → niemand",
        ]
        assigned = [e for e in await tasks.events() if isinstance(e, TaskAssigned)]
        assert [
            (e.payload.previous_assignee_staff_id, e.payload.assignee_staff_id) for e in assigned
        ] == [
            (None, agency.staff_id),
            (agency.staff_id, agency.admin_id),
            (agency.admin_id, None),
        ]
        body = await act(
            tasks, agency.admin, "PUT", path, expect=422, staff_id=str(agency.retired_staff_id)
        )
        assert body["code"] == "unknown_staff"

    async def test_unknown_status(self, tasks: Tasks, agency: Agency) -> None:
        ticket = await tasks.report(agency.contact(agency.tenant), agency)
        body = await act(
            tasks,
            agency.staff,
            "POST",
            f"/tickets/{ticket['id']}/status",
            expect=422,
            status="vergessen",
        )
        assert "status" in body["message"]

    async def test_files_added_later_are_in_the_history(self, tasks: Tasks, agency: Agency) -> None:
        ticket = await tasks.report(agency.contact(agency.tenant), agency)
        response = await tasks.client.post(
            f"{API}/tickets/{ticket['id']}/attachments",
            headers=agency.contact(agency.tenant),
            files=[("files", ("Wasserfleck.jpg", b"\xff\xd8\xff\xe0" + b"1" * 40, "image/jpeg"))],
        )
        assert response.status_code == 201, response.text
        view = response.json()
        assert [a["file_name"] for a in view["attachments"]] == ["Wasserfleck.jpg"]
        assert view["history"][-1]["summary"] == "Datei angehängt: Wasserfleck.jpg"
        response = await tasks.client.post(
            f"{API}/tickets/{ticket['id']}/attachments",
            headers=agency.contact(agency.neighbour),
            files=[("files", ("x.jpg", b"\xff\xd8\xff\xe0" + b"1" * 40, "image/jpeg"))],
        )
        assert response.status_code == 404
