"""Queries of tickets, their linked contacts, comments, files and history."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import ColumnElement, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from hausportal.contracts.tasks import TaskStatus
from hausportal.kit.db import upsert_insert
from hausportal.kit.paging import PageParams
from hausportal.tasks.models import (
    Ticket,
    TicketAttachment,
    TicketChange,
    TicketComment,
    TicketContact,
    TicketCounter,
)


@dataclass(frozen=True, kw_only=True)
class TicketFilter:
    status: TaskStatus | None = None
    property_id: uuid.UUID | None = None
    assignee_staff_id: uuid.UUID | None = None
    ticket_type_id: uuid.UUID | None = None
    # Part of the number, the title or the description, any case.
    q: str | None = None


async def next_number(session: AsyncSession, *, account_id: uuid.UUID, year: int) -> str:
    """The account's next ticket number of ``year`` ("2026-0001"); the counter row is locked
    by the update until the transaction ends, so two tickets never get the same number."""
    table = TicketCounter.__table__
    insert = upsert_insert(session)(table).values(account_id=account_id, year=year, last=1)
    statement = insert.on_conflict_do_update(
        index_elements=[table.c.account_id, table.c.year], set_={"last": table.c.last + 1}
    ).returning(table.c.last)
    last = (await session.execute(statement)).scalar_one()
    return f"{year}-{last:04d}"


async def get(
    session: AsyncSession, *, account_id: uuid.UUID, ticket_id: uuid.UUID
) -> Ticket | None:
    return await session.scalar(
        select(Ticket).where(Ticket.id == ticket_id, Ticket.account_id == account_id)
    )


async def linked_contact_ids(session: AsyncSession, *, ticket: Ticket) -> list[uuid.UUID]:
    rows = await session.scalars(
        select(TicketContact.contact_id)
        .where(TicketContact.ticket_id == ticket.id, TicketContact.account_id == ticket.account_id)
        .order_by(TicketContact.linked_at, TicketContact.contact_id)
    )
    return list(rows)


async def linked_of_many(
    session: AsyncSession, *, account_id: uuid.UUID, ticket_ids: Iterable[uuid.UUID]
) -> dict[uuid.UUID, list[uuid.UUID]]:
    ids = list(set(ticket_ids))
    found: dict[uuid.UUID, list[uuid.UUID]] = {ticket_id: [] for ticket_id in ids}
    if not ids:
        return found
    rows = await session.execute(
        select(TicketContact.ticket_id, TicketContact.contact_id).where(
            TicketContact.account_id == account_id, TicketContact.ticket_id.in_(ids)
        )
    )
    for ticket_id, contact_id in rows:
        found[ticket_id].append(contact_id)
    return found


async def link(session: AsyncSession, contact: TicketContact) -> bool:
    """Link the contact; False if it already was."""
    existing = await session.get(TicketContact, (contact.ticket_id, contact.contact_id))
    if existing is not None:
        return False
    session.add(contact)
    await session.flush()
    return True


async def unlink(session: AsyncSession, *, ticket: Ticket, contact_id: uuid.UUID) -> bool:
    existing = await session.get(TicketContact, (ticket.id, contact_id))
    if existing is None or existing.account_id != ticket.account_id:
        return False
    await session.delete(existing)
    await session.flush()
    return True


def _conditions(where: TicketFilter) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if where.status is not None:
        conditions.append(Ticket.status == where.status.value)
    if where.property_id is not None:
        conditions.append(Ticket.property_id == where.property_id)
    if where.assignee_staff_id is not None:
        conditions.append(Ticket.assignee_staff_id == where.assignee_staff_id)
    if where.ticket_type_id is not None:
        conditions.append(Ticket.ticket_type_id == where.ticket_type_id)
    if where.q and where.q.strip():
        pattern = "%" + _escape_like(where.q.strip().lower()) + "%"
        conditions.append(
            or_(
                *(
                    func.lower(column).like(pattern, escape="\\")
                    for column in (Ticket.number, Ticket.title, Ticket.description)
                )
            )
        )
    return conditions


def _escape_like(text: str) -> str:
    for special in ("\\", "%", "_"):
        text = text.replace(special, "\\" + special)
    return text


_NEWEST_FIRST = (Ticket.created_at.desc(), Ticket.number.desc())


async def search(
    session: AsyncSession, *, account_id: uuid.UUID, where: TicketFilter, page: PageParams
) -> tuple[list[Ticket], int]:
    conditions = [Ticket.account_id == account_id, *_conditions(where)]
    total = await session.scalar(select(func.count()).select_from(Ticket).where(*conditions))
    rows = await session.scalars(
        select(Ticket)
        .where(*conditions)
        .order_by(*_NEWEST_FIRST)
        .limit(page.limit)
        .offset(page.offset)
    )
    return list(rows), total or 0


async def of_contact(
    session: AsyncSession, *, account_id: uuid.UUID, contact_id: uuid.UUID, where: TicketFilter
) -> list[Ticket]:
    """Tickets the contact reported or is linked to (whether it may see them is decided by
    the caller), newest first."""
    linked = select(TicketContact.ticket_id).where(
        TicketContact.account_id == account_id, TicketContact.contact_id == contact_id
    )
    rows = await session.scalars(
        select(Ticket)
        .where(
            Ticket.account_id == account_id,
            or_(Ticket.reporter_contact_id == contact_id, Ticket.id.in_(linked)),
            *_conditions(where),
        )
        .order_by(*_NEWEST_FIRST)
    )
    return list(rows)


async def changes(session: AsyncSession, *, ticket: Ticket) -> list[TicketChange]:
    rows = await session.scalars(
        select(TicketChange)
        .where(TicketChange.ticket_id == ticket.id, TicketChange.account_id == ticket.account_id)
        .order_by(TicketChange.id)
    )
    return list(rows)


async def comments(session: AsyncSession, *, ticket: Ticket) -> dict[uuid.UUID, TicketComment]:
    rows = await session.scalars(
        select(TicketComment).where(
            TicketComment.ticket_id == ticket.id, TicketComment.account_id == ticket.account_id
        )
    )
    return {comment.id: comment for comment in rows}


async def attachments(session: AsyncSession, *, ticket: Ticket) -> list[TicketAttachment]:
    rows = await session.scalars(
        select(TicketAttachment)
        .where(
            TicketAttachment.ticket_id == ticket.id,
            TicketAttachment.account_id == ticket.account_id,
        )
        .order_by(TicketAttachment.created_at, TicketAttachment.file_name)
    )
    return list(rows)


async def attachment(
    session: AsyncSession, *, ticket: Ticket, attachment_id: uuid.UUID
) -> TicketAttachment | None:
    return await session.scalar(
        select(TicketAttachment).where(
            TicketAttachment.id == attachment_id,
            TicketAttachment.ticket_id == ticket.id,
            TicketAttachment.account_id == ticket.account_id,
        )
    )
