"""Queries of properties, always within one account."""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from hausportal.kit.paging import PageParams
from hausportal.portal.models import Property
from hausportal.portal.queries import matching, paged


async def get(
    session: AsyncSession, *, account_id: uuid.UUID, property_id: uuid.UUID
) -> Property | None:
    return await session.scalar(
        select(Property).where(Property.account_id == account_id, Property.id == property_id)
    )


async def search(
    session: AsyncSession, *, account_id: uuid.UUID, q: str | None, page: PageParams
) -> tuple[list[Property], int]:
    statement = (
        select(Property)
        .where(Property.account_id == account_id, *matching(Property.search_text, q))
        .order_by(Property.name, Property.id)
    )
    return await paged(session, statement, page=page)


async def all_of_account(session: AsyncSession, *, account_id: uuid.UUID) -> list[Property]:
    return list(await session.scalars(select(Property).where(Property.account_id == account_id)))
