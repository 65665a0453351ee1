"""Creating, changing and deleting FAQ entries and contact persons of a property."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from hausportal.kit.errors import NotFound
from hausportal.portal.faq import repository
from hausportal.portal.faq.repository import Entry
from hausportal.portal.models import FaqEntry
from hausportal.portal.properties.service import get_property


def _not_found(model: type[Entry]) -> NotFound:
    if model is FaqEntry:
        return NotFound("faq_entry_not_found", "Die Frage wurde nicht gefunden.")
    return NotFound("contact_person_not_found", "Der Ansprechpartner wurde nicht gefunden.")


def _stored(fields: dict[str, Any]) -> dict[str, Any]:
    # The e-mail as the string staff typed.
    return {k: (str(v) if k == "email" and v is not None else v) for k, v in fields.items()}


async def get_entry(
    session: AsyncSession,
    model: type[Entry],
    *,
    account_id: uuid.UUID,
    property_id: uuid.UUID,
    entry_id: uuid.UUID,
) -> Entry:
    entry = await repository.get(
        session, model, account_id=account_id, property_id=property_id, entry_id=entry_id
    )
    if entry is None:
        raise _not_found(model)
    return entry


async def create_entry(
    session: AsyncSession,
    model: type[Entry],
    *,
    account_id: uuid.UUID,
    property_id: uuid.UUID,
    fields: dict[str, Any],
    now: datetime,
) -> Entry:
    """Without a position, the entry goes to the end of the property's list."""
    await get_property(session, account_id=account_id, property_id=property_id)
    fields = _stored(fields)
    position = fields.pop("position", None)
    end = await repository.next_position(
        session, model, account_id=account_id, property_id=property_id
    )
    entry = model(
        account_id=account_id, property_id=property_id, created_at=now, position=end, **fields
    )
    session.add(entry)
    await session.flush()
    if position is not None:
        await _move(session, model, entry, to=position)
    return entry


async def _move(session: AsyncSession, model: type[Entry], entry: Entry, *, to: int) -> None:
    """Put ``entry`` at position ``to`` and number the list 0, 1, 2, ... again, so that the
    order is exactly what staff arranged (no two entries share a place)."""
    entries = await repository.ordered(
        session, model, account_id=entry.account_id, property_id=entry.property_id
    )
    others = [e for e in entries if e.id != entry.id]
    others.insert(max(0, min(to, len(others))), entry)
    for index, each in enumerate(others):
        each.position = index
    await session.flush()


async def update_entry(
    session: AsyncSession,
    model: type[Entry],
    *,
    account_id: uuid.UUID,
    property_id: uuid.UUID,
    entry_id: uuid.UUID,
    changes: dict[str, Any],
) -> Entry:
    entry = await get_entry(
        session, model, account_id=account_id, property_id=property_id, entry_id=entry_id
    )
    changes = _stored(changes)
    position = changes.pop("position", None)
    for field, value in changes.items():
        setattr(entry, field, value)
    await session.flush()
    if position is not None:
        await _move(session, model, entry, to=position)
    return entry


async def delete_entry(
    session: AsyncSession,
    model: type[Entry],
    *,
    account_id: uuid.UUID,
    property_id: uuid.UUID,
    entry_id: uuid.UUID,
) -> None:
    entry = await get_entry(
        session, model, account_id=account_id, property_id=property_id, entry_id=entry_id
    )
    await session.delete(entry)
    await session.flush()
