"""Tickets as the API shows them, with the names of people and places from the read model.
A contact's view leaves out everything internal; the PDF prints exactly this view."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from hausportal.contracts.tasks import TaskStatus
from hausportal.tasks.models import ChangeKind, Ticket, TicketChange, TicketComment, directory
from hausportal.tasks.ticket_types.field_values import shown
from hausportal.tasks.tickets import repository
from hausportal.tasks.tickets.schemas import (
    STATUS_LABELS,
    AttachmentOut,
    ChangeOut,
    FieldValueOut,
    PersonOut,
    PlaceOut,
    TicketDetailOut,
    TicketOut,
)

STAFF_FALLBACK = "Hausverwaltung"
CONTACT_FALLBACK = "Kontakt"


@dataclass
class Names:
    staff: dict[uuid.UUID, str]
    contacts: dict[uuid.UUID, str]
    properties: dict[uuid.UUID, str]
    units: dict[uuid.UUID, str]

    def staff_member(self, staff_id: uuid.UUID | None) -> PersonOut | None:
        if staff_id is None:
            return None
        return PersonOut(kind="staff", id=staff_id, name=self.staff.get(staff_id, STAFF_FALLBACK))

    def contact(self, contact_id: uuid.UUID | None) -> PersonOut | None:
        if contact_id is None:
            return None
        name = self.contacts.get(contact_id, CONTACT_FALLBACK)
        return PersonOut(kind="contact", id=contact_id, name=name)

    def actor(
        self, *, staff_id: uuid.UUID | None, contact_id: uuid.UUID | None
    ) -> PersonOut | None:
        return self.staff_member(staff_id) or self.contact(contact_id)


async def names_for(
    session: AsyncSession,
    *,
    account_id: uuid.UUID,
    tickets: Sequence[Ticket],
    contact_ids: Iterable[uuid.UUID | None] = (),
) -> Names:
    staff = {
        s.staff_id: s.name for s in await directory.staff_members(session, account_id=account_id)
    }
    wanted = {t.reporter_contact_id for t in tickets} | set(contact_ids)
    contacts = await directory.contacts(
        session, account_id=account_id, contact_ids=[c for c in wanted if c is not None]
    )
    properties: dict[uuid.UUID, str] = {}
    for property_id in {t.property_id for t in tickets}:
        found = await directory.property(session, account_id=account_id, property_id=property_id)
        if found is not None:
            properties[property_id] = found.name
    units: dict[uuid.UUID, str] = {}
    for unit_id in {t.unit_id for t in tickets if t.unit_id is not None}:
        unit = await directory.unit(session, account_id=account_id, unit_id=unit_id)
        if unit is not None:
            units[unit_id] = unit.name
    return Names(
        staff=staff,
        contacts={contact_id: c.name for contact_id, c in contacts.items()},
        properties=properties,
        units=units,
    )


def _fields(ticket: Ticket, names: Names) -> dict[str, object]:
    status = TaskStatus(ticket.status)
    return {
        "id": ticket.id,
        "number": ticket.number,
        "title": ticket.title,
        "ticket_type_id": ticket.ticket_type_id,
        "ticket_type": ticket.ticket_type,
        "property": PlaceOut(
            id=ticket.property_id, name=names.properties.get(ticket.property_id, "Liegenschaft")
        ),
        "unit": (
            PlaceOut(id=ticket.unit_id, name=names.units.get(ticket.unit_id, "Einheit"))
            if ticket.unit_id is not None
            else None
        ),
        "status": status,
        "status_label": STATUS_LABELS[status],
        "reporter": names.contact(ticket.reporter_contact_id),
        "assignee": names.staff_member(ticket.assignee_staff_id),
        "created_at": ticket.created_at,
        "updated_at": ticket.updated_at,
    }


def summary_of(ticket: Ticket, names: Names) -> TicketOut:
    return TicketOut.model_validate(_fields(ticket, names))


def _status_label(value: str | None) -> str:
    try:
        return STATUS_LABELS[TaskStatus(value)]
    except ValueError:
        return "unbekannt"


def _staff_name(names: Names, value: str | None) -> str:
    if not value:
        return "niemand"
    return names.staff.get(uuid.UUID(value), STAFF_FALLBACK)


def _contact_name(names: Names, value: str | None) -> str:
    return names.contacts.get(uuid.UUID(value), CONTACT_FALLBACK) if value else CONTACT_FALLBACK


def describe(change: TicketChange, names: Names, comment: TicketComment | None) -> str:
    match change.kind:
        case ChangeKind.created:
            return "Vorgang gemeldet"
        case ChangeKind.commented:
            return "Interner Kommentar" if comment is not None and comment.internal else "Kommentar"
        case ChangeKind.status_changed:
            old, new = _status_label(change.old_value), _status_label(change.new_value)
            if change.old_value == TaskStatus.done and change.new_value != TaskStatus.done:
                return f"Wieder geöffnet: {old} → {new}"
            return f"Status: {old} → {new}"
        case ChangeKind.assigned:
            return (
                f"Zuständig: {_staff_name(names, change.old_value)} → "
                f"{_staff_name(names, change.new_value)}"
            )
        case ChangeKind.attachment_added:
            return f"Datei angehängt: {change.new_value}"
        case ChangeKind.contact_linked:
            return f"Kontakt verknüpft: {_contact_name(names, change.new_value)}"
        case ChangeKind.contact_unlinked:
            return f"Verknüpfung entfernt: {_contact_name(names, change.old_value)}"
    return change.kind


async def detail_of(
    session: AsyncSession,
    *,
    ticket: Ticket,
    linked: Sequence[uuid.UUID],
    with_internal: bool,
    can_reopen: bool,
) -> TicketDetailOut:
    """The ticket with its history; ``with_internal`` False leaves out internal comments and
    every other internal entry (what a contact may read)."""
    changes = [
        c
        for c in await repository.changes(session, ticket=ticket)
        if with_internal or not c.internal
    ]
    comments = await repository.comments(session, ticket=ticket)
    people: set[uuid.UUID | None] = {c.actor_contact_id for c in changes}
    if with_internal:
        people |= set(linked)
        people |= {
            uuid.UUID(value)
            for c in changes
            if c.kind in (ChangeKind.contact_linked, ChangeKind.contact_unlinked)
            for value in (c.old_value, c.new_value)
            if value
        }
    names = await names_for(
        session, account_id=ticket.account_id, tickets=[ticket], contact_ids=people
    )
    history: list[ChangeOut] = []
    for change in changes:
        comment = comments.get(change.comment_id) if change.comment_id else None
        if comment is not None and comment.internal and not with_internal:
            continue  # never, even if an entry were marked wrongly
        history.append(
            ChangeOut(
                id=change.id,
                kind=change.kind,
                at=change.at,
                actor=names.actor(
                    staff_id=change.actor_staff_id, contact_id=change.actor_contact_id
                ),
                internal=change.internal,
                summary=describe(change, names, comment),
                old_value=change.old_value,
                new_value=change.new_value,
                comment_id=change.comment_id,
                text=comment.text if comment is not None else None,
            )
        )
    attachments = await repository.attachments(session, ticket=ticket)
    return TicketDetailOut.model_validate(
        _fields(ticket, names)
        | {
            "description": ticket.description,
            "field_values": [
                FieldValueOut(**value, shown=shown(value)) for value in ticket.field_values
            ],
            "linked_contacts": (
                [p for c in linked if (p := names.contact(c)) is not None] if with_internal else []
            ),
            "attachments": [
                AttachmentOut(
                    id=a.id,
                    file_name=a.file_name,
                    content_type=a.content_type,
                    size=a.size,
                    created_at=a.created_at,
                )
                for a in attachments
            ],
            "history": history,
            "can_reopen": can_reopen,
        }
    )
