"""Queries of accounts and staff."""

from __future__ import annotations

import uuid

from sqlalchemy import exists, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from hausportal.kit.paging import PageParams
from hausportal.portal.models import Account, Staff
from hausportal.portal.queries import paged


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


async def get_staff(
    session: AsyncSession, *, account_id: uuid.UUID, staff_id: uuid.UUID
) -> Staff | None:
    return await session.scalar(
        select(Staff).where(Staff.account_id == account_id, Staff.id == staff_id)
    )


async def staff_of_account(
    session: AsyncSession, *, account_id: uuid.UUID, page: PageParams
) -> tuple[list[Staff], int]:
    statement = select(Staff).where(Staff.account_id == account_id).order_by(Staff.name, Staff.id)
    return await paged(session, statement, page=page)


async def staff_with_email(
    session: AsyncSession, *, account_id: uuid.UUID, email: str
) -> Staff | None:
    return await session.scalar(
        select(Staff).where(Staff.account_id == account_id, Staff.email == email)
    )


async def active_admin_count(session: AsyncSession, *, account_id: uuid.UUID) -> int:
    count = await session.scalar(
        select(func.count()).where(
            Staff.account_id == account_id, Staff.role == "admin", Staff.active.is_(True)
        )
    )
    return int(count or 0)
