"""Working on tickets: report, look up, comment, change status, reopen, assign, link contacts,
add files. Every change is an entry of the history (who, when) and, if residents may hear of
it, an event."""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from fastapi import UploadFile, status
from sqlalchemy.ext.asyncio import AsyncSession

from hausportal.contracts.tasks import TaskStatus
from hausportal.kit.auth import Principal
from hausportal.kit.errors import Conflict, Invalid, NotFound, UserError
from hausportal.kit.paging import PageParams
from hausportal.kit.storage.port import ObjectStorage
from hausportal.kit.visibility import berlin_today
from hausportal.tasks.models import (
    ChangeKind,
    Ticket,
    TicketAttachment,
    TicketChange,
    TicketComment,
    TicketContact,
    directory,
)
from hausportal.tasks.ticket_types import service as ticket_types
from hausportal.tasks.ticket_types.field_values import check_field_values
from hausportal.tasks.ticket_types.schemas import FieldDefinition
from hausportal.tasks.tickets import events, files, repository
from hausportal.tasks.tickets.repository import TicketFilter
from hausportal.tasks.tickets.sight import Sight, sight_of


@dataclass(frozen=True, kw_only=True)
class NewTicket:
    """What a report brings besides its files."""

    ticket_type_id: uuid.UUID
    title: str
    description: str
    property_id: uuid.UUID
    unit_id: uuid.UUID | None = None
    field_values: Mapping[str, Any]
    # Staff only: the contact on whose behalf, and who is responsible.
    reporter_contact_id: uuid.UUID | None = None
    assignee_staff_id: uuid.UUID | None = None


@dataclass(frozen=True)
class Found:
    """A ticket the caller may see, its linked contacts and the caller's view."""

    ticket: Ticket
    linked: list[uuid.UUID]
    sight: Sight

    @property
    def by_staff(self) -> bool:
        return self.sight.viewer.is_staff

    def may_reopen(self, principal: Principal) -> bool:
        reporter = principal.is_contact and principal.subject_id == self.ticket.reporter_contact_id
        return self.ticket.status == TaskStatus.done and (principal.is_staff or reporter)


def ticket_not_found() -> NotFound:
    return NotFound("ticket_not_found", "Der Vorgang wurde nicht gefunden.")


def _property_not_found() -> NotFound:
    return NotFound(
        "property_not_found",
        "Die Liegenschaft oder Einheit wurde nicht gefunden (oder Sie können dafür kein "
        "Anliegen melden).",
    )


def _actor(principal: Principal) -> dict[str, uuid.UUID | None]:
    return {
        "actor_staff_id": principal.subject_id if principal.is_staff else None,
        "actor_contact_id": principal.subject_id if principal.is_contact else None,
    }


async def _record(
    session: AsyncSession,
    ticket: Ticket,
    *,
    kind: ChangeKind,
    principal: Principal,
    now: datetime,
    old: str | None = None,
    new: str | None = None,
    internal: bool = False,
    comment_id: uuid.UUID | None = None,
) -> None:
    session.add(
        TicketChange(
            ticket_id=ticket.id,
            account_id=ticket.account_id,
            kind=kind.value,
            internal=internal,
            old_value=old,
            new_value=new,
            comment_id=comment_id,
            at=now,
            **_actor(principal),
        )
    )
    ticket.updated_at = now
    await session.flush()


async def _check_place(
    session: AsyncSession, *, sight: Sight, property_id: uuid.UUID, unit_id: uuid.UUID | None
) -> None:
    account_id = sight.viewer.account_id
    found = await directory.property(session, account_id=account_id, property_id=property_id)
    if found is None:
        raise _property_not_found()
    if unit_id is not None:
        unit = await directory.unit(session, account_id=account_id, unit_id=unit_id)
        if unit is None or unit.property_id != property_id:
            raise _property_not_found()
    if not sight.may_report_for(property_id=property_id, unit_id=unit_id):
        raise _property_not_found()


async def _check_contact(
    session: AsyncSession, *, account_id: uuid.UUID, contact_id: uuid.UUID
) -> None:
    if await directory.contact(session, account_id=account_id, contact_id=contact_id) is None:
        raise Invalid(
            "unknown_contact",
            "Diesen Kontakt gibt es in Ihrer Hausverwaltung nicht.",
            contact_id=str(contact_id),
        )


async def _check_staff(
    session: AsyncSession, *, account_id: uuid.UUID, staff_id: uuid.UUID
) -> None:
    members = await directory.staff_members(session, account_id=account_id)
    if not any(m.staff_id == staff_id and m.active for m in members):
        raise Invalid(
            "unknown_staff",
            "Zuständig kann nur ein aktiver Mitarbeiter Ihrer Hausverwaltung sein.",
            staff_id=str(staff_id),
        )


async def create(
    session: AsyncSession,
    *,
    principal: Principal,
    storage: ObjectStorage,
    new: NewTicket,
    uploads: Sequence[UploadFile],
    max_bytes: int,
    now: datetime,
) -> Found:
    """A new ticket, numbered per account and year; 404 for a place the reporter may not
    report for, 422 for missing or malformed custom fields."""
    account_id = principal.account_id
    sight = await sight_of(session, principal=principal, on=berlin_today(now))
    if principal.is_contact:
        if new.reporter_contact_id not in (None, principal.subject_id):
            raise Invalid(
                "reporter_is_you", "Sie können Anliegen nur in Ihrem eigenen Namen melden."
            )
        if new.assignee_staff_id is not None:
            raise Invalid("assignee_by_staff", "Wer zuständig ist, legt Ihre Hausverwaltung fest.")
        reporter: uuid.UUID | None = principal.subject_id
    else:
        reporter = new.reporter_contact_id
    ticket_type = await ticket_types.get_type(
        session, account_id=account_id, ticket_type_id=new.ticket_type_id, now=now
    )
    if not ticket_type.active:
        raise Invalid(
            "ticket_type_inactive",
            f"Die Art „{ticket_type.name}“ wird nicht mehr angeboten.",
        )
    await _check_place(session, sight=sight, property_id=new.property_id, unit_id=new.unit_id)
    values = check_field_values(
        [FieldDefinition.model_validate(f) for f in ticket_type.fields],
        new.field_values,
        type_name=ticket_type.name,
    )
    if principal.is_staff and reporter is not None:
        await _check_contact(session, account_id=account_id, contact_id=reporter)
    if new.assignee_staff_id is not None:
        await _check_staff(session, account_id=account_id, staff_id=new.assignee_staff_id)
    ticket = Ticket(
        id=uuid.uuid4(),
        account_id=account_id,
        number=await repository.next_number(
            session, account_id=account_id, year=berlin_today(now).year
        ),
        property_id=new.property_id,
        unit_id=new.unit_id,
        ticket_type_id=ticket_type.id,
        ticket_type=ticket_type.name,
        title=new.title,
        description=new.description,
        field_values=values,
        reporter_contact_id=reporter,
        created_by_staff_id=principal.subject_id if principal.is_staff else None,
        status=TaskStatus.open.value,
        assignee_staff_id=new.assignee_staff_id,
        created_at=now,
        updated_at=now,
    )
    session.add(ticket)
    await session.flush()
    await _record(session, ticket, kind=ChangeKind.created, principal=principal, now=now)
    if new.assignee_staff_id is not None:
        await _record(
            session,
            ticket,
            kind=ChangeKind.assigned,
            principal=principal,
            now=now,
            new=str(new.assignee_staff_id),
        )
    await _attach(
        session,
        ticket,
        principal=principal,
        storage=storage,
        uploads=uploads,
        max_bytes=max_bytes,
        now=now,
    )
    await events.created(session, ticket=ticket, linked=[], actor=principal)
    return Found(ticket=ticket, linked=[], sight=sight)


async def _attach(
    session: AsyncSession,
    ticket: Ticket,
    *,
    principal: Principal,
    storage: ObjectStorage,
    uploads: Sequence[UploadFile],
    max_bytes: int,
    now: datetime,
) -> list[TicketAttachment]:
    if not uploads:
        return []
    stored = await files.store(
        storage, uploads, account_id=ticket.account_id, ticket_id=ticket.id, max_bytes=max_bytes
    )
    try:
        attachments = [
            TicketAttachment(
                id=file.id,
                ticket_id=ticket.id,
                account_id=ticket.account_id,
                file_name=file.file_name,
                content_type=file.content_type,
                size=file.stored.size,
                sha256=file.stored.sha256,
                object_key=file.stored.key,
                uploaded_by_staff_id=principal.subject_id if principal.is_staff else None,
                uploaded_by_contact_id=principal.subject_id if principal.is_contact else None,
                created_at=now,
            )
            for file in stored
        ]
        session.add_all(attachments)
        await session.flush()
        for attachment in attachments:
            await _record(
                session,
                ticket,
                kind=ChangeKind.attachment_added,
                principal=principal,
                now=now,
                new=attachment.file_name,
            )
    except BaseException:
        await files.discard(storage, stored)
        raise
    return attachments


async def find(
    session: AsyncSession, *, principal: Principal, ticket_id: uuid.UUID, now: datetime
) -> Found:
    """The ticket if the caller may see it today; 404 otherwise, never 403 (a neighbour, a
    contact whose access ended and another account learn nothing)."""
    ticket = await repository.get(session, account_id=principal.account_id, ticket_id=ticket_id)
    if ticket is None:
        raise ticket_not_found()
    linked = await repository.linked_contact_ids(session, ticket=ticket)
    sight = await sight_of(session, principal=principal, on=berlin_today(now))
    if not sight.sees(ticket, linked=linked):
        raise ticket_not_found()
    return Found(ticket=ticket, linked=linked, sight=sight)


async def search(
    session: AsyncSession,
    *,
    principal: Principal,
    where: TicketFilter,
    page: PageParams,
    now: datetime,
) -> tuple[list[Ticket], int]:
    """Staff: the account's tickets; a contact: those it reported or is linked to and may see
    today. Newest first."""
    if principal.is_staff:
        return await repository.search(
            session, account_id=principal.account_id, where=where, page=page
        )
    candidates = await repository.of_contact(
        session, account_id=principal.account_id, contact_id=principal.subject_id, where=where
    )
    linked = await repository.linked_of_many(
        session, account_id=principal.account_id, ticket_ids=[t.id for t in candidates]
    )
    sight = await sight_of(session, principal=principal, on=berlin_today(now))
    visible = [t for t in candidates if sight.sees(t, linked=linked[t.id])]
    return visible[page.offset : page.offset + page.limit], len(visible)


async def comment(
    session: AsyncSession,
    *,
    principal: Principal,
    ticket_id: uuid.UUID,
    text: str,
    internal: bool,
    now: datetime,
) -> Found:
    found = await find(session, principal=principal, ticket_id=ticket_id, now=now)
    if internal and not principal.is_staff:
        raise UserError(
            "internal_by_staff",
            "Interne Kommentare können nur Mitarbeiter der Hausverwaltung schreiben.",
            status_code=status.HTTP_403_FORBIDDEN,
        )
    ticket = found.ticket
    written = TicketComment(
        id=uuid.uuid4(),
        ticket_id=ticket.id,
        account_id=ticket.account_id,
        text=text,
        internal=internal,
        author_staff_id=principal.subject_id if principal.is_staff else None,
        author_contact_id=principal.subject_id if principal.is_contact else None,
        created_at=now,
    )
    session.add(written)
    await session.flush()
    await _record(
        session,
        ticket,
        kind=ChangeKind.commented,
        principal=principal,
        now=now,
        internal=internal,
        comment_id=written.id,
    )
    await events.commented(
        session, ticket=ticket, linked=found.linked, actor=principal, comment=written
    )
    return found


async def _change_status(
    session: AsyncSession, found: Found, *, principal: Principal, wanted: TaskStatus, now: datetime
) -> None:
    ticket = found.ticket
    previous = TaskStatus(ticket.status)
    if previous is wanted:
        return
    ticket.status = wanted.value
    await _record(
        session,
        ticket,
        kind=ChangeKind.status_changed,
        principal=principal,
        now=now,
        old=previous.value,
        new=wanted.value,
    )
    await events.status_changed(
        session, ticket=ticket, linked=found.linked, actor=principal, previous=previous, now=now
    )


async def set_status(
    session: AsyncSession,
    *,
    staff: Principal,
    ticket_id: uuid.UUID,
    wanted: TaskStatus,
    now: datetime,
) -> Found:
    """Staff set any status (done -> open is a reopening); the same status changes nothing."""
    found = await find(session, principal=staff, ticket_id=ticket_id, now=now)
    await _change_status(session, found, principal=staff, wanted=wanted, now=now)
    return found


async def reopen(
    session: AsyncSession, *, principal: Principal, ticket_id: uuid.UUID, now: datetime
) -> Found:
    """Open a done ticket again: staff, or the contact who reported it (also long after)."""
    found = await find(session, principal=principal, ticket_id=ticket_id, now=now)
    if found.ticket.status != TaskStatus.done:
        raise Conflict(
            "ticket_not_done",
            "Nur ein erledigter Vorgang kann wieder geöffnet werden.",
        )
    if not found.may_reopen(principal):
        raise UserError(
            "reopen_by_reporter",
            "Wieder öffnen können den Vorgang die Person, die ihn gemeldet hat, und die "
            "Hausverwaltung.",
            status_code=status.HTTP_403_FORBIDDEN,
        )
    await _change_status(session, found, principal=principal, wanted=TaskStatus.open, now=now)
    return found


async def assign(
    session: AsyncSession,
    *,
    staff: Principal,
    ticket_id: uuid.UUID,
    staff_id: uuid.UUID | None,
    now: datetime,
) -> Found:
    found = await find(session, principal=staff, ticket_id=ticket_id, now=now)
    ticket = found.ticket
    previous = ticket.assignee_staff_id
    if previous == staff_id:
        return found
    if staff_id is not None:
        await _check_staff(session, account_id=staff.account_id, staff_id=staff_id)
    ticket.assignee_staff_id = staff_id
    await _record(
        session,
        ticket,
        kind=ChangeKind.assigned,
        principal=staff,
        now=now,
        old=str(previous) if previous else None,
        new=str(staff_id) if staff_id else None,
    )
    await events.assigned(
        session, ticket=ticket, linked=found.linked, actor=staff, previous=previous, now=now
    )
    return found


async def link_contact(
    session: AsyncSession,
    *,
    staff: Principal,
    ticket_id: uuid.UUID,
    contact_id: uuid.UUID,
    now: datetime,
) -> Found:
    """The contact sees the ticket from now on, while it may log in (staff only, internal)."""
    found = await find(session, principal=staff, ticket_id=ticket_id, now=now)
    ticket = found.ticket
    await _check_contact(session, account_id=staff.account_id, contact_id=contact_id)
    if contact_id == ticket.reporter_contact_id:
        return found
    added = await repository.link(
        session,
        TicketContact(
            ticket_id=ticket.id,
            contact_id=contact_id,
            account_id=ticket.account_id,
            linked_by_staff_id=staff.subject_id,
            linked_at=now,
        ),
    )
    if added:
        found.linked.append(contact_id)
        await _record(
            session,
            ticket,
            kind=ChangeKind.contact_linked,
            principal=staff,
            now=now,
            new=str(contact_id),
            internal=True,
        )
    return found


async def unlink_contact(
    session: AsyncSession,
    *,
    staff: Principal,
    ticket_id: uuid.UUID,
    contact_id: uuid.UUID,
    now: datetime,
) -> Found:
    found = await find(session, principal=staff, ticket_id=ticket_id, now=now)
    if await repository.unlink(session, ticket=found.ticket, contact_id=contact_id):
        found.linked.remove(contact_id)
        await _record(
            session,
            found.ticket,
            kind=ChangeKind.contact_unlinked,
            principal=staff,
            now=now,
            old=str(contact_id),
            internal=True,
        )
    return found


async def add_files(
    session: AsyncSession,
    *,
    principal: Principal,
    storage: ObjectStorage,
    ticket_id: uuid.UUID,
    uploads: Sequence[UploadFile],
    max_bytes: int,
    now: datetime,
) -> Found:
    found = await find(session, principal=principal, ticket_id=ticket_id, now=now)
    if not uploads:
        raise Invalid("no_files", "Bitte wählen Sie mindestens eine Datei aus.")
    await _attach(
        session,
        found.ticket,
        principal=principal,
        storage=storage,
        uploads=uploads,
        max_bytes=max_bytes,
        now=now,
    )
    return found


async def attachment(
    session: AsyncSession,
    *,
    principal: Principal,
    ticket_id: uuid.UUID,
    attachment_id: uuid.UUID,
    now: datetime,
) -> TicketAttachment:
    found = await find(session, principal=principal, ticket_id=ticket_id, now=now)
    stored = await repository.attachment(session, ticket=found.ticket, attachment_id=attachment_id)
    if stored is None:
        raise NotFound("attachment_not_found", "Die Datei wurde nicht gefunden.")
    return stored
