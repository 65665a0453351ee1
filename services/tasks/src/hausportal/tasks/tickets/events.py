"""What tasks tells the others about tickets, through the outbox in the change's transaction.
Never anything internal: an internal comment is no event, and no event carries one."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from hausportal.contracts.directory import StaffRole
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
from hausportal.kit.auth import Principal
from hausportal.tasks.models import Ticket, TicketComment, directory, outbox


def _ref(
    ticket: Ticket, *, linked: Sequence[uuid.UUID], actor: Principal, now: datetime
) -> dict[str, Any]:
    return {
        "task_id": ticket.id,
        "number": ticket.number,
        "title": ticket.title,
        "property_id": ticket.property_id,
        "unit_id": ticket.unit_id,
        "reporter_contact_id": ticket.reporter_contact_id,
        "linked_contact_ids": tuple(linked),
        "status": TaskStatus(ticket.status),
        "assignee_staff_id": ticket.assignee_staff_id,
        "actor_staff_id": actor.subject_id if actor.is_staff else None,
        "actor_contact_id": actor.subject_id if actor.is_contact else None,
        "occurred_at": now,
    }


async def responsible_staff(session: AsyncSession, *, ticket: Ticket) -> tuple[uuid.UUID, ...]:
    """Who hears of a new ticket: its assignee, else every active admin of the account."""
    if ticket.assignee_staff_id is not None:
        return (ticket.assignee_staff_id,)
    members = await directory.staff_members(session, account_id=ticket.account_id)
    return tuple(m.staff_id for m in members if m.active and m.role is StaffRole.admin)


async def created(
    session: AsyncSession, *, ticket: Ticket, linked: Sequence[uuid.UUID], actor: Principal
) -> None:
    now = ticket.created_at
    await outbox.add(
        session,
        TaskCreated(
            account_id=ticket.account_id,
            occurred_at=now,
            payload=TaskCreatedPayload(
                **_ref(ticket, linked=linked, actor=actor, now=now),
                ticket_type=ticket.ticket_type,
                description=ticket.description,
                responsible_staff_ids=await responsible_staff(session, ticket=ticket),
            ),
        ),
    )


async def commented(
    session: AsyncSession,
    *,
    ticket: Ticket,
    linked: Sequence[uuid.UUID],
    actor: Principal,
    comment: TicketComment,
) -> None:
    if comment.internal:
        return  # staff only, by every path
    await outbox.add(
        session,
        TaskCommented(
            account_id=ticket.account_id,
            occurred_at=comment.created_at,
            payload=TaskCommentedPayload(
                **_ref(ticket, linked=linked, actor=actor, now=comment.created_at),
                comment_id=comment.id,
                text=comment.text,
            ),
        ),
    )


async def status_changed(
    session: AsyncSession,
    *,
    ticket: Ticket,
    linked: Sequence[uuid.UUID],
    actor: Principal,
    previous: TaskStatus,
    now: datetime,
) -> None:
    await outbox.add(
        session,
        TaskStatusChanged(
            account_id=ticket.account_id,
            occurred_at=now,
            payload=TaskStatusChangedPayload(
                **_ref(ticket, linked=linked, actor=actor, now=now),
                previous_status=previous,
                reopened=previous is TaskStatus.done and ticket.status != TaskStatus.done,
            ),
        ),
    )


async def assigned(
    session: AsyncSession,
    *,
    ticket: Ticket,
    linked: Sequence[uuid.UUID],
    actor: Principal,
    previous: uuid.UUID | None,
    now: datetime,
) -> None:
    await outbox.add(
        session,
        TaskAssigned(
            account_id=ticket.account_id,
            occurred_at=now,
            payload=TaskAssignedPayload(
                **_ref(ticket, linked=linked, actor=actor, now=now),
                previous_assignee_staff_id=previous,
            ),
        ),
    )
