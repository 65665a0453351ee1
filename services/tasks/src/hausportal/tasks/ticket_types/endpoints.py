"""Ticket types: residents and staff list them, staff define them (/api/tasks/ticket-types)."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, status

from hausportal.kit.auth import CurrentPrincipal, CurrentStaff
from hausportal.kit.clock import ClockDep
from hausportal.kit.db import SessionDep
from hausportal.tasks.ticket_types import service
from hausportal.tasks.ticket_types.schemas import TicketTypeChange, TicketTypeIn, TicketTypeOut

router = APIRouter(tags=["ticket types"])


@router.get("/ticket-types", summary="The kinds of tickets offered, with their custom fields")
async def list_ticket_types(
    session: SessionDep, principal: CurrentPrincipal, clock: ClockDep, all: bool = False
) -> list[TicketTypeOut]:
    """``all=true`` (staff) includes the types no longer offered."""
    types = await service.list_types(
        session,
        account_id=principal.account_id,
        now=clock.now(),
        include_inactive=all and principal.is_staff,
    )
    return [TicketTypeOut.of(t) for t in types]


@router.post("/ticket-types", status_code=status.HTTP_201_CREATED, summary="A new ticket type")
async def create_ticket_type(
    body: TicketTypeIn, session: SessionDep, staff: CurrentStaff, clock: ClockDep
) -> TicketTypeOut:
    created = await service.create_type(
        session, account_id=staff.account_id, body=body, now=clock.now()
    )
    return TicketTypeOut.of(created)


@router.patch("/ticket-types/{ticket_type_id}", summary="Rename, change fields, (de)activate")
async def change_ticket_type(
    ticket_type_id: uuid.UUID,
    body: TicketTypeChange,
    session: SessionDep,
    staff: CurrentStaff,
    clock: ClockDep,
) -> TicketTypeOut:
    changed = await service.change_type(
        session,
        account_id=staff.account_id,
        ticket_type_id=ticket_type_id,
        changes=body,
        now=clock.now(),
    )
    return TicketTypeOut.of(changed)
