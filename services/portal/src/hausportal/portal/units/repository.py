"""Queries of units, always within one account."""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from hausportal.kit.paging import PageParams
from hausportal.portal.models import Unit
from hausportal.portal.queries import matching, paged


async def get(session: AsyncSession, *, account_id: uuid.UUID, unit_id: uuid.UUID) -> Unit | None:
    return await session.scalar(
        select(Unit).where(Unit.account_id == account_id, Unit.id == unit_id)
    )


async def search(
    session: AsyncSession,
    *,
    account_id: uuid.UUID,
    property_id: uuid.UUID | None,
    q: str | None,
    page: PageParams,
) -> tuple[list[Unit], int]:
    statement = select(Unit).where(Unit.account_id == account_id, *matching(Unit.search_text, q))
    if property_id is not None:
        statement = statement.where(Unit.property_id == property_id)
    return await paged(session, statement.order_by(Unit.name, Unit.id), page=page)


async def of_property(
    session: AsyncSession, *, account_id: uuid.UUID, property_id: uuid.UUID
) -> list[Unit]:
    rows = await session.scalars(
        select(Unit).where(Unit.account_id == account_id, Unit.property_id == property_id)
    )
    return list(rows)


async def named(
    session: AsyncSession, *, account_id: uuid.UUID, property_id: uuid.UUID, name: str
) -> Unit | None:
    return await session.scalar(
        select(Unit).where(
            Unit.account_id == account_id, Unit.property_id == property_id, Unit.name == name
        )
    )


async def all_of_account(session: AsyncSession, *, account_id: uuid.UUID) -> list[Unit]:
    return list(await session.scalars(select(Unit).where(Unit.account_id == account_id)))
