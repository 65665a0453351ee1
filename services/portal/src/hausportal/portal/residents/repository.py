"""Queries of residencies, always within one account."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from hausportal.portal.models import PortalLogin, Residency
from hausportal.portal.queries import chunks


async def property_ids_by_contact(
    session: AsyncSession, *, account_id: uuid.UUID, contact_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, tuple[uuid.UUID, ...]]:
    """The properties each of the contacts is a resident of (contacts without: left out)."""
    found: dict[uuid.UUID, list[uuid.UUID]] = {}
    for chunk in chunks(list(contact_ids)):
        rows = await session.execute(
            select(Residency.contact_id, Residency.property_id)
            .where(Residency.account_id == account_id, Residency.contact_id.in_(chunk))
            .order_by(Residency.created_at, Residency.property_id)
        )
        for contact_id, property_id in rows:
            found.setdefault(contact_id, []).append(property_id)
    return {contact_id: tuple(ids) for contact_id, ids in found.items()}


async def property_ids_of(
    session: AsyncSession, *, account_id: uuid.UUID, contact_id: uuid.UUID
) -> tuple[uuid.UUID, ...]:
    found = await property_ids_by_contact(session, account_id=account_id, contact_ids=[contact_id])
    return found.get(contact_id, ())


async def get(
    session: AsyncSession, *, account_id: uuid.UUID, property_id: uuid.UUID, contact_id: uuid.UUID
) -> Residency | None:
    return await session.scalar(
        select(Residency).where(
            Residency.account_id == account_id,
            Residency.property_id == property_id,
            Residency.contact_id == contact_id,
        )
    )


async def of_property(
    session: AsyncSession, *, account_id: uuid.UUID, property_id: uuid.UUID
) -> list[tuple[uuid.UUID, str, datetime]]:
    """(contact id, display name, registered at) of the property's residents, by name."""
    rows = await session.execute(
        select(Residency.contact_id, PortalLogin.display_name, Residency.created_at)
        .join(PortalLogin, PortalLogin.contact_id == Residency.contact_id)
        .where(Residency.account_id == account_id, Residency.property_id == property_id)
        .order_by(PortalLogin.display_name, Residency.contact_id)
    )
    return [(row[0], row[1], row[2]) for row in rows]


async def delete_for_contact(
    session: AsyncSession, *, account_id: uuid.UUID, contact_id: uuid.UUID
) -> None:
    await session.execute(
        delete(Residency).where(
            Residency.account_id == account_id, Residency.contact_id == contact_id
        )
    )


async def delete_for_property(
    session: AsyncSession, *, account_id: uuid.UUID, property_id: uuid.UUID
) -> list[uuid.UUID]:
    """Removes the property's residencies; returns the contacts that were its residents."""
    contact_ids = list(
        await session.scalars(
            select(Residency.contact_id).where(
                Residency.account_id == account_id, Residency.property_id == property_id
            )
        )
    )
    await session.execute(
        delete(Residency).where(
            Residency.account_id == account_id, Residency.property_id == property_id
        )
    )
    return contact_ids
