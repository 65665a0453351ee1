"""Registered residents (Bewohner) of properties: the access feature's residencies, as the
visibility function needs them."""

from __future__ import annotations

import uuid
from collections.abc import Collection

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from hausportal.portal.models import Residency
from hausportal.portal.queries import chunks


async def properties_of_residents(
    session: AsyncSession, *, account_id: uuid.UUID, contact_ids: Collection[uuid.UUID]
) -> dict[uuid.UUID, set[uuid.UUID]]:
    """contact id -> the properties the contact is a registered resident of."""
    found: dict[uuid.UUID, set[uuid.UUID]] = {}
    for chunk in chunks(list(contact_ids)):
        rows = await session.execute(
            select(Residency.contact_id, Residency.property_id).where(
                Residency.account_id == account_id, Residency.contact_id.in_(chunk)
            )
        )
        for contact_id, property_id in rows:
            found.setdefault(contact_id, set()).add(property_id)
    return found


async def residents_of_properties(
    session: AsyncSession, *, account_id: uuid.UUID, property_ids: Collection[uuid.UUID]
) -> set[uuid.UUID]:
    """The contacts registered as residents of any of the properties."""
    found: set[uuid.UUID] = set()
    for chunk in chunks(list(property_ids)):
        rows = await session.scalars(
            select(Residency.contact_id).where(
                Residency.account_id == account_id, Residency.property_id.in_(chunk)
            )
        )
        found.update(rows)
    return found
