"""Queries of FAQ entries and contact persons (the same shape), always within one account."""

from __future__ import annotations

import uuid
from collections.abc import Collection
from typing import TypeVar

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from hausportal.kit.paging import PageParams
from hausportal.portal.models import ContactPerson, FaqEntry
from hausportal.portal.queries import chunks, paged

Entry = TypeVar("Entry", FaqEntry, ContactPerson)


async def get(
    session: AsyncSession,
    model: type[Entry],
    *,
    account_id: uuid.UUID,
    property_id: uuid.UUID,
    entry_id: uuid.UUID,
) -> Entry | None:
    return await session.scalar(
        select(model).where(
            model.account_id == account_id, model.property_id == property_id, model.id == entry_id
        )
    )


async def of_property(
    session: AsyncSession,
    model: type[Entry],
    *,
    account_id: uuid.UUID,
    property_id: uuid.UUID,
    page: PageParams,
) -> tuple[list[Entry], int]:
    statement = (
        select(model)
        .where(model.account_id == account_id, model.property_id == property_id)
        .order_by(model.position, model.created_at, model.id)
    )
    return await paged(session, statement, page=page)


async def of_properties(
    session: AsyncSession,
    model: type[Entry],
    *,
    account_id: uuid.UUID,
    property_ids: Collection[uuid.UUID],
) -> list[Entry]:
    found: list[Entry] = []
    for chunk in chunks(list(property_ids)):
        rows = await session.scalars(
            select(model).where(model.account_id == account_id, model.property_id.in_(chunk))
        )
        found.extend(rows)
    return sorted(found, key=lambda e: (e.position, e.created_at, str(e.id)))


async def next_position(
    session: AsyncSession, model: type[Entry], *, account_id: uuid.UUID, property_id: uuid.UUID
) -> int:
    last = await session.scalar(
        select(func.max(model.position)).where(
            model.account_id == account_id, model.property_id == property_id
        )
    )
    return 0 if last is None else int(last) + 1


async def ordered(
    session: AsyncSession, model: type[Entry], *, account_id: uuid.UUID, property_id: uuid.UUID
) -> list[Entry]:
    """The property's whole list in its order."""
    rows = await session.scalars(
        select(model)
        .where(model.account_id == account_id, model.property_id == property_id)
        .order_by(model.position, model.created_at, model.id)
    )
    return list(rows)
