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
    if fields.get("position") is None:
        fields["position"] = await repository.next_position(
            session, model, account_id=account_id, property_id=property_id
        )
    entry = model(account_id=account_id, property_id=property_id, created_at=now, **fields)
    session.add(entry)
    await session.flush()
    return entry


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
    for field, value in _stored(changes).items():
        setattr(entry, field, value)
    await session.flush()
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
