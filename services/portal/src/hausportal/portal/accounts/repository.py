"""Queries of accounts and staff."""

from __future__ import annotations

import uuid

from sqlalchemy import exists, select
from sqlalchemy.ext.asyncio import AsyncSession

from hausportal.portal.models import Account, Staff


async def get(session: AsyncSession, *, account_id: uuid.UUID) -> Account | None:
    return await session.get(Account, account_id)


async def any_exists(session: AsyncSession) -> bool:
    return bool(await session.scalar(select(exists().where(Account.id.is_not(None)))))


async def slugs_like(session: AsyncSession, *, slug: str) -> set[str]:
    rows = await session.scalars(select(Account.slug).where(Account.slug.startswith(slug)))
    return set(rows)


async def active_staff_by_email(session: AsyncSession, *, email: str) -> list[Staff]:
    """Active staff with this (lower-case) e-mail, in every account."""
    rows = await session.scalars(
        select(Staff).where(Staff.email == email, Staff.active.is_(True)).order_by(Staff.id)
    )
    return list(rows)
