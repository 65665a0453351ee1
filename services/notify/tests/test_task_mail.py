"""Ticket e-mails (SmartTask): a new ticket to the responsible staff, an assignment to the new
assignee, a public comment and a status change to the reporter and the linked contacts who may
log in; never to the one who did it, never to a neighbour."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

import pytest

from hausportal.contracts.tasks import (
    TaskAssigned,
    TaskAssignedPayload,
    TaskCommented,
    TaskCommentedPayload,
    TaskCreated,
    TaskCreatedPayload,
    TaskStatus,
    TaskStatusChanged,
    TaskStatusChangedPayload,
)
from hausportal.kit.clock import SystemClock, today

if TYPE_CHECKING:
    from conftest import StartApp, StartSmtp, World

TODAY = today(SystemClock())


class Ticket:
    """Heizung ausgefallen in WE 01 of Lindenstraße 5, reported by Erika, Jonas linked."""

    def __init__(self, world: World) -> None:
        self.world = w = world
        self.linden = w.property("Lindenstraße 5")
        we1, we2, we3 = (w.unit(self.linden, f"WE 0{i}") for i in (1, 2, 3))
        self.reporter = w.tenant("Erika Mustermann", property_id=self.linden, unit_id=we1)
        self.linked = w.tenant("Jonas Weber", property_id=self.linden, unit_id=we1)
        self.neighbour = w.tenant("Nina Nachbar", property_id=self.linden, unit_id=we2)
        # Linked too, but moved out 40 days ago and the account has no post-contract access.
        self.gone = w.contact("Alf Abgelaufen")
        w.contract(
            self.gone,
            property_id=self.linden,
            unit_id=we3,
            start=TODAY - timedelta(days=800),
            end=TODAY - timedelta(days=40),
        )
        self.anna = w.staff("Anna Verwalterin")
        self.bernd = w.staff("Bernd Techniker")
        self.task_id = uuid.uuid4()

    def ref(self, **fields: Any) -> dict[str, Any]:
        values: dict[str, Any] = {
            "task_id": self.task_id,
            "number": "2026-0042",
            "title": "Heizung ausgefallen",
            "property_id": self.linden,
            "reporter_contact_id": self.reporter.contact_id,
            "linked_contact_ids": (self.linked.contact_id, self.gone.contact_id),
            "status": TaskStatus.open,
            "occurred_at": datetime.now(UTC),
        }
        return values | fields

    def created(self) -> TaskCreated:
        return TaskCreated(
            account_id=self.world.account_id,
            payload=TaskCreatedPayload(
                **self.ref(actor_contact_id=self.reporter.contact_id),
                ticket_type="Heizung",
                description="Seit heute Morgen bleibt die Heizung kalt.",
                responsible_staff_ids=(self.anna.staff_id,),
            ),
        )

    def commented(self, text: str) -> TaskCommented:
        return TaskCommented(
            account_id=self.world.account_id,
            payload=TaskCommentedPayload(
                **self.ref(actor_staff_id=self.anna.staff_id),
                comment_id=uuid.uuid4(),
                text=text,
            ),
        )

    def status_changed(self, status: TaskStatus, **fields: Any) -> TaskStatusChanged:
        return TaskStatusChanged(
            account_id=self.world.account_id,
            payload=TaskStatusChangedPayload(
                **self.ref(status=status, **fields), previous_status=TaskStatus.open
            ),
        )

    def assigned(self, staff_id: uuid.UUID) -> TaskAssigned:
        return TaskAssigned(
            account_id=self.world.account_id,
            payload=TaskAssignedPayload(
                **self.ref(assignee_staff_id=staff_id, actor_staff_id=self.anna.staff_id)
            ),
        )

    @property
    def everyone(self) -> list[str]:
        people = [self.reporter, self.linked, self.neighbour, self.gone, self.anna, self.bernd]
        return [p.email for p in people]


@pytest.fixture
def ticket(world: World) -> Ticket:
    return Ticket(world)


async def test_a_public_comment_reaches_reporter_and_linked_contacts_not_the_neighbour(
    start_app: StartApp,
    start_smtp: StartSmtp,
    ticket: Ticket,
    closed_port: Callable[[], int],
    database_url: str,
) -> None:
    port = closed_port()
    server = start_smtp(port)
    async with start_app(smtp_port=port, database_url=database_url) as notify:
        await notify.apply(*ticket.world.events)
        await notify.publish(ticket.commented("Der Techniker kommt am Montag <8 Uhr>."))
        await notify.wait_for_mails(ticket.world.account_id, count=2)
        await asyncio.sleep(0.3)

        assert sorted(server.recipients()) == sorted([ticket.reporter.email, ticket.linked.email])
        for person in (ticket.reporter, ticket.linked):
            [mail] = server.messages_to(person.email)
            assert mail.subject == "Neuer Kommentar zu Vorgang 2026-0042: Heizung ausgefallen"
            assert "Der Techniker kommt am Montag <8 Uhr>." in mail.text
            assert "Der Techniker kommt am Montag &lt;8 Uhr&gt;." in mail.html
            for part in (mail.text, mail.html):
                assert f"Guten Tag {person.name}," in part
                assert "2026-0042" in part
                assert "Status: Offen" in part or "Offen</td>" in part
                assert "Lindenstraße 5" in part
                assert "Anna Verwalterin" in part
                assert f"https://portal.example.test/portal/vorgaenge/{ticket.task_id}" in part
        mails = await notify.mails(ticket.world.account_id, kind="task_commented")
        assert {m["contact_id"] for m in mails["items"]} == {
            str(ticket.reporter.contact_id),
            str(ticket.linked.contact_id),
        }


async def test_a_new_ticket_goes_to_the_responsible_staff_only(
    start_app: StartApp,
    start_smtp: StartSmtp,
    ticket: Ticket,
    closed_port: Callable[[], int],
    database_url: str,
) -> None:
    port = closed_port()
    server = start_smtp(port)
    async with start_app(smtp_port=port, database_url=database_url) as notify:
        await notify.apply(*ticket.world.events)
        await notify.publish(ticket.created())
        await notify.wait_for_mails(ticket.world.account_id, count=1)
        await asyncio.sleep(0.3)

        assert server.recipients() == [ticket.anna.email]
        [mail] = server.messages_to(ticket.anna.email)
        assert mail.subject == "Neuer Vorgang 2026-0042: Heizung ausgefallen"
        for part in (mail.text, mail.html):
            assert "Erika Mustermann hat einen neuen Vorgang im Hausportal gemeldet." in part
            assert "Seit heute Morgen bleibt die Heizung kalt." in part
            assert "Heizung" in part
        [listed] = (await notify.mails(ticket.world.account_id))["items"]
        assert listed["kind"] == "task_created"
        assert listed["contact_id"] is None
        assert listed["item_id"] == str(ticket.task_id)


async def test_a_status_change_in_german_reaches_everyone_but_the_one_who_made_it(
    start_app: StartApp, start_smtp: StartSmtp, ticket: Ticket, closed_port: Callable[[], int]
) -> None:
    port = closed_port()
    server = start_smtp(port)
    async with start_app(smtp_port=port) as notify:
        await notify.apply(*ticket.world.events)
        # The reporter herself says the heating works again: only Jonas hears of it.
        await notify.publish(
            ticket.status_changed(
                TaskStatus.in_progress, actor_contact_id=ticket.reporter.contact_id
            )
        )
        await notify.wait_for_mails(ticket.world.account_id, count=1)
        await asyncio.sleep(0.3)

        assert server.recipients() == [ticket.linked.email]
        [mail] = server.messages_to(ticket.linked.email)
        assert mail.subject == "Vorgang 2026-0042: Status „In Bearbeitung“"
        assert "„Offen“ → „In Bearbeitung“ (Erika Mustermann)" in mail.text
        assert "In Bearbeitung" in mail.html
        assert "in_progress" not in mail.text + mail.html


async def test_reopening_and_assigning_say_so(
    start_app: StartApp, start_smtp: StartSmtp, ticket: Ticket, closed_port: Callable[[], int]
) -> None:
    port = closed_port()
    server = start_smtp(port)
    async with start_app(smtp_port=port) as notify:
        await notify.apply(*ticket.world.events)
        reopened = ticket.status_changed(
            TaskStatus.open, actor_staff_id=ticket.anna.staff_id, reopened=True
        )
        # Anna assigns it to Bernd: Bernd hears of it, Anna (who did it) does not.
        await notify.publish(reopened, ticket.assigned(ticket.bernd.staff_id))
        await notify.wait_for_mails(ticket.world.account_id, count=3)
        await asyncio.sleep(0.3)

        assert sorted(server.recipients()) == sorted(
            [ticket.reporter.email, ticket.linked.email, ticket.bernd.email]
        )
        [mail] = server.messages_to(ticket.reporter.email)
        assert mail.subject == "Vorgang 2026-0042 wurde wieder geöffnet: Heizung ausgefallen"
        assert "Ihr Vorgang wurde wieder geöffnet (Anna Verwalterin)." in mail.text
        [assignment] = server.messages_to(ticket.bernd.email)
        assert assignment.subject == "Vorgang 2026-0042 ist Ihnen zugewiesen: Heizung ausgefallen"
        assert "Anna Verwalterin hat Ihnen einen Vorgang zugewiesen." in assignment.text
        assert "Guten Tag Bernd Techniker," in assignment.html


async def test_the_same_ticket_event_twice_sends_one_mail_each(
    start_app: StartApp, start_smtp: StartSmtp, ticket: Ticket, closed_port: Callable[[], int]
) -> None:
    port = closed_port()
    server = start_smtp(port)
    async with start_app(smtp_port=port) as notify:
        comment = ticket.commented("Erledigt.")
        await notify.apply(*ticket.world.events)
        await notify.publish(comment, comment)
        await notify.wait_for_mails(ticket.world.account_id, count=2)
        await asyncio.sleep(0.5)

        assert sorted(server.recipients()) == sorted([ticket.reporter.email, ticket.linked.email])
