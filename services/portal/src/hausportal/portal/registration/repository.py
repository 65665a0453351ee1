"""Queries of portal logins and registration tokens."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from hausportal.portal.models import PortalLogin, RegistrationToken
from hausportal.portal.queries import chunks


async def registered_contact_ids(
    session: AsyncSession, *, account_id: uuid.UUID, contact_ids: Sequence[uuid.UUID]
) -> set[uuid.UUID]:
    """Which of the contacts have a portal login."""
    found: set[uuid.UUID] = set()
    for chunk in chunks(list(contact_ids)):
        rows = await session.scalars(
            select(PortalLogin.contact_id).where(
                PortalLogin.account_id == account_id, PortalLogin.contact_id.in_(chunk)
            )
        )
        found.update(rows)
    return found


async def logins_by_email(session: AsyncSession, *, email: str) -> list[PortalLogin]:
    """Portal logins with this (lower-case) e-mail, in every account."""
    rows = await session.scalars(
        select(PortalLogin).where(PortalLogin.email == email).order_by(PortalLogin.id)
    )
    return list(rows)


async def login_with_email(
    session: AsyncSession, *, account_id: uuid.UUID, email: str
) -> PortalLogin | None:
    return await session.scalar(
        select(PortalLogin).where(PortalLogin.account_id == account_id, PortalLogin.email == email)
    )


async def token_by_hash(session: AsyncSession, *, token_hash: str) -> RegistrationToken | None:
    # Unauthenticated: the token is the only thing that names an account here.
    return await session.scalar(
        select(RegistrationToken).where(RegistrationToken.token_hash == token_hash)
    )


async def delete_for_contact(
    session: AsyncSession, *, account_id: uuid.UUID, contact_id: uuid.UUID
) -> None:
    for table in (RegistrationToken, PortalLogin):
        await session.execute(
            delete(table).where(table.account_id == account_id, table.contact_id == contact_id)
        )
