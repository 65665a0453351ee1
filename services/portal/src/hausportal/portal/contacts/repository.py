"""Queries of contacts, always within one account."""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from hausportal.kit.paging import PageParams
from hausportal.portal.models import Contact, Contract
from hausportal.portal.queries import matching, paged


async def get(
    session: AsyncSession, *, account_id: uuid.UUID, contact_id: uuid.UUID
) -> Contact | None:
    return await session.scalar(
        select(Contact).where(Contact.account_id == account_id, Contact.id == contact_id)
    )


async def with_number(
    session: AsyncSession, *, account_id: uuid.UUID, contact_number: str
) -> Contact | None:
    return await session.scalar(
        select(Contact).where(
            Contact.account_id == account_id, Contact.contact_number == contact_number
        )
    )


async def search(
    session: AsyncSession,
    *,
    account_id: uuid.UUID,
    q: str | None,
    property_id: uuid.UUID | None,
    page: PageParams,
) -> tuple[list[Contact], int]:
    statement = select(Contact).where(
        Contact.account_id == account_id, *matching(Contact.search_text, q)
    )
    if property_id is not None:
        with_contract = select(Contract.contact_id).where(
            Contract.account_id == account_id, Contract.property_id == property_id
        )
        statement = statement.where(Contact.id.in_(with_contract))
    return await paged(session, statement.order_by(Contact.name, Contact.id), page=page)


async def all_of_account(session: AsyncSession, *, account_id: uuid.UUID) -> list[Contact]:
    return list(await session.scalars(select(Contact).where(Contact.account_id == account_id)))
