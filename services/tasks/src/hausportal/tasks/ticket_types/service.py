"""Ticket types of an account; the German defaults appear on the account's first use."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from hausportal.kit.errors import Conflict, NotFound
from hausportal.tasks.models import TicketType
from hausportal.tasks.ticket_types import repository
from hausportal.tasks.ticket_types.schemas import (
    FieldDefinition,
    FieldKind,
    TicketTypeChange,
    TicketTypeIn,
    stored_fields,
)

DEFAULT_TYPES: tuple[TicketTypeIn, ...] = (
    TicketTypeIn(
        name="Schaden melden",
        description="Ein Schaden in der Wohnung oder am Haus: Heizung, Wasser, Fenster, Türen.",
        fields=[
            FieldDefinition(
                key="ort", label="Wo ist der Schaden?", kind=FieldKind.text, required=True
            ),
            FieldDefinition(key="seit", label="Seit wann?", kind=FieldKind.date),
            FieldDefinition(
                key="dringlichkeit",
                label="Dringlichkeit",
                kind=FieldKind.choice,
                required=True,
                choices=["niedrig", "mittel", "hoch", "Notfall"],
            ),
        ],
    ),
    TicketTypeIn(
        name="Schlüssel und Zugang",
        description="Verlorene oder zusätzliche Schlüssel, Schließanlage, Türöffner.",
        fields=[FieldDefinition(key="anzahl", label="Anzahl Schlüssel", kind=FieldKind.number)],
    ),
    TicketTypeIn(name="Allgemeine Anfrage", description="Alles andere rund um Ihr Zuhause."),
)


def ticket_type_not_found() -> NotFound:
    return NotFound("ticket_type_not_found", "Die Art des Anliegens wurde nicht gefunden.")


def _row(ticket_type: TicketTypeIn) -> dict[str, Any]:
    return {
        "name": ticket_type.name,
        "description": ticket_type.description,
        "fields": stored_fields(ticket_type.fields),
    }


async def list_types(
    session: AsyncSession, *, account_id: uuid.UUID, now: datetime, include_inactive: bool = False
) -> list[TicketType]:
    types = await repository.of_account(session, account_id=account_id)
    if not types:
        await repository.add_missing(
            session, account_id=account_id, types=[_row(t) for t in DEFAULT_TYPES], now=now
        )
        types = await repository.of_account(session, account_id=account_id)
    return [t for t in types if include_inactive or t.active]


def _name_taken(types: list[TicketType], name: str, *, other_than: uuid.UUID | None) -> None:
    if any(t.name.casefold() == name.casefold() and t.id != other_than for t in types):
        raise Conflict("ticket_type_exists", f"Die Art „{name}“ gibt es bereits.", name=name)


async def create_type(
    session: AsyncSession, *, account_id: uuid.UUID, body: TicketTypeIn, now: datetime
) -> TicketType:
    existing = await list_types(session, account_id=account_id, now=now, include_inactive=True)
    _name_taken(existing, body.name, other_than=None)
    ticket_type = TicketType(
        id=uuid.uuid4(), account_id=account_id, active=True, created_at=now, **_row(body)
    )
    session.add(ticket_type)
    await session.flush()
    return ticket_type


async def get_type(
    session: AsyncSession, *, account_id: uuid.UUID, ticket_type_id: uuid.UUID, now: datetime
) -> TicketType:
    await list_types(session, account_id=account_id, now=now)
    found = await repository.get(session, account_id=account_id, ticket_type_id=ticket_type_id)
    if found is None:
        raise ticket_type_not_found()
    return found


async def change_type(
    session: AsyncSession,
    *,
    account_id: uuid.UUID,
    ticket_type_id: uuid.UUID,
    changes: TicketTypeChange,
    now: datetime,
) -> TicketType:
    ticket_type = await get_type(
        session, account_id=account_id, ticket_type_id=ticket_type_id, now=now
    )
    if changes.name is not None:
        existing = await repository.of_account(session, account_id=account_id)
        _name_taken(existing, changes.name, other_than=ticket_type.id)
        ticket_type.name = changes.name
    if changes.description is not None:
        ticket_type.description = changes.description
    if changes.fields is not None:
        ticket_type.fields = stored_fields(changes.fields)
    if changes.active is not None:
        ticket_type.active = changes.active
    await session.flush()
    return ticket_type
