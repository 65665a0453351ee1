"""Queries of invitations and properties' invite links."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from hausportal.portal.models import Invitation, PropertyInviteLink


async def by_secret_hashes(
    session: AsyncSession, *, hashes: Sequence[str], kind: str
) -> Invitation | None:
    # Unauthenticated: the secret is the only thing that names an account here.
    return await session.scalar(
        select(Invitation).where(Invitation.secret_hash.in_(hashes), Invitation.kind == kind)
    )


async def revoke_open(
    session: AsyncSession,
    *,
    account_id: uuid.UUID,
    kind: str,
    now: datetime,
    contact_id: uuid.UUID | None = None,
    email: str | None = None,
) -> None:
    """Revoke the open invitations of a contact (or, for staff, of an e-mail address)."""
    statement = update(Invitation).where(
        Invitation.account_id == account_id,
        Invitation.kind == kind,
        Invitation.used_at.is_(None),
        Invitation.revoked_at.is_(None),
    )
    if contact_id is not None:
        statement = statement.where(Invitation.contact_id == contact_id)
    if email is not None:
        statement = statement.where(Invitation.email == email)
    await session.execute(statement.values(revoked_at=now))


async def active_link(
    session: AsyncSession, *, account_id: uuid.UUID, property_id: uuid.UUID
) -> PropertyInviteLink | None:
    return await session.scalar(
        select(PropertyInviteLink)
        .where(
            PropertyInviteLink.account_id == account_id,
            PropertyInviteLink.property_id == property_id,
            PropertyInviteLink.revoked_at.is_(None),
        )
        .order_by(PropertyInviteLink.created_at.desc())
    )


async def link_by_token(session: AsyncSession, *, token: str) -> PropertyInviteLink | None:
    # Unauthenticated, like invitation codes.
    return await session.scalar(select(PropertyInviteLink).where(PropertyInviteLink.token == token))


async def delete_for_contact(
    session: AsyncSession, *, account_id: uuid.UUID, contact_id: uuid.UUID
) -> None:
    await session.execute(
        delete(Invitation).where(
            Invitation.account_id == account_id, Invitation.contact_id == contact_id
        )
    )


async def delete_for_property(
    session: AsyncSession, *, account_id: uuid.UUID, property_id: uuid.UUID
) -> None:
    for table in (Invitation, PropertyInviteLink):
        await session.execute(
            delete(table).where(table.account_id == account_id, table.property_id == property_id)
        )
