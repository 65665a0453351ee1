"""Queries behind viewers: contracts of contacts, contacts of properties (within one account)."""

from __future__ import annotations

import uuid
from collections.abc import Collection

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from hausportal.portal.models import Contact, Contract, Property
from hausportal.portal.queries import chunks


async def contracts_of_contacts(
    session: AsyncSession, *, account_id: uuid.UUID, contact_ids: Collection[uuid.UUID]
) -> list[Contract]:
    found: list[Contract] = []
    for chunk in chunks(list(contact_ids)):
        rows = await session.scalars(
            select(Contract).where(
                Contract.account_id == account_id, Contract.contact_id.in_(chunk)
            )
        )
        found.extend(rows)
    return found


async def contact_ids_with_contracts_on(
    session: AsyncSession, *, account_id: uuid.UUID, property_ids: Collection[uuid.UUID]
) -> set[uuid.UUID]:
    found: set[uuid.UUID] = set()
    for chunk in chunks(list(property_ids)):
        rows = await session.scalars(
            select(Contract.contact_id).where(
                Contract.account_id == account_id, Contract.property_id.in_(chunk)
            )
        )
        found.update(rows)
    return found


async def contacts(
    session: AsyncSession, *, account_id: uuid.UUID, contact_ids: Collection[uuid.UUID]
) -> list[Contact]:
    found: list[Contact] = []
    for chunk in chunks(list(contact_ids)):
        rows = await session.scalars(
            select(Contact).where(Contact.account_id == account_id, Contact.id.in_(chunk))
        )
        found.extend(rows)
    return found


async def property_names(
    session: AsyncSession, *, account_id: uuid.UUID, property_ids: Collection[uuid.UUID]
) -> dict[uuid.UUID, str]:
    names: dict[uuid.UUID, str] = {}
    for chunk in chunks(list(property_ids)):
        rows = await session.execute(
            select(Property.id, Property.name).where(
                Property.account_id == account_id, Property.id.in_(chunk)
            )
        )
        names.update({row[0]: row[1] for row in rows})
    return names
