"""Queries of contracts, always within one account."""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from hausportal.kit.paging import PageParams
from hausportal.portal.models import Contract
from hausportal.portal.queries import paged


async def get(
    session: AsyncSession, *, account_id: uuid.UUID, contract_id: uuid.UUID
) -> Contract | None:
    return await session.scalar(
        select(Contract).where(Contract.account_id == account_id, Contract.id == contract_id)
    )


async def search(
    session: AsyncSession,
    *,
    account_id: uuid.UUID,
    unit_id: uuid.UUID | None,
    contact_id: uuid.UUID | None,
    property_id: uuid.UUID | None,
    page: PageParams,
) -> tuple[list[Contract], int]:
    statement = select(Contract).where(Contract.account_id == account_id)
    if unit_id is not None:
        statement = statement.where(Contract.unit_id == unit_id)
    if contact_id is not None:
        statement = statement.where(Contract.contact_id == contact_id)
    if property_id is not None:
        statement = statement.where(Contract.property_id == property_id)
    statement = statement.order_by(Contract.start, Contract.id)
    return await paged(session, statement, page=page)


async def of_property(
    session: AsyncSession, *, account_id: uuid.UUID, property_id: uuid.UUID
) -> list[Contract]:
    rows = await session.scalars(
        select(Contract).where(
            Contract.account_id == account_id, Contract.property_id == property_id
        )
    )
    return list(rows)


async def of_unit(
    session: AsyncSession, *, account_id: uuid.UUID, unit_id: uuid.UUID
) -> list[Contract]:
    rows = await session.scalars(
        select(Contract).where(Contract.account_id == account_id, Contract.unit_id == unit_id)
    )
    return list(rows)


async def of_contact(
    session: AsyncSession, *, account_id: uuid.UUID, contact_id: uuid.UUID
) -> list[Contract]:
    rows = await session.scalars(
        select(Contract).where(Contract.account_id == account_id, Contract.contact_id == contact_id)
    )
    return list(rows)


async def all_of_account(session: AsyncSession, *, account_id: uuid.UUID) -> list[Contract]:
    return list(await session.scalars(select(Contract).where(Contract.account_id == account_id)))
