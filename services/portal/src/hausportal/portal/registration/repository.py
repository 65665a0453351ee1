"""Queries of portal logins, and what a contact's directory event says about its access."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from hausportal.portal.invitations import repository as invitations
from hausportal.portal.models import PasswordResetToken, PortalLogin, RefreshSession
from hausportal.portal.queries import chunks
from hausportal.portal.residents import repository as residencies


async def registered_contact_ids(
    session: AsyncSession, *, account_id: uuid.UUID, contact_ids: Sequence[uuid.UUID]
) -> set[uuid.UUID]:
    """Which of the contacts have a portal login."""
    return set(await _login_emails(session, account_id=account_id, contact_ids=contact_ids))


async def _login_emails(
    session: AsyncSession, *, account_id: uuid.UUID, contact_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, str]:
    found: dict[uuid.UUID, str] = {}
    for chunk in chunks(list(contact_ids)):
        rows = await session.execute(
            select(PortalLogin.contact_id, PortalLogin.email).where(
                PortalLogin.account_id == account_id, PortalLogin.contact_id.in_(chunk)
            )
        )
        found.update({contact_id: email for contact_id, email in rows})
    return found


@dataclass(frozen=True)
class PortalAccess:
    """A contact's login and residencies, as its ContactUpserted carries them."""

    registered: bool = False
    login_email: str | None = None
    resident_property_ids: tuple[uuid.UUID, ...] = ()

    def event_fields(self) -> dict[str, Any]:
        return {
            "registered": self.registered,
            "login_email": self.login_email,
            "resident_property_ids": self.resident_property_ids,
        }


async def portal_access(
    session: AsyncSession, *, account_id: uuid.UUID, contact_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, PortalAccess]:
    """For every one of the contacts (also those without a login)."""
    emails = await _login_emails(session, account_id=account_id, contact_ids=contact_ids)
    residents = await residencies.property_ids_by_contact(
        session, account_id=account_id, contact_ids=contact_ids
    )
    return {
        contact_id: PortalAccess(
            registered=contact_id in emails,
            login_email=emails.get(contact_id),
            resident_property_ids=residents.get(contact_id, ()),
        )
        for contact_id in contact_ids
    }


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


async def login_of_contact(
    session: AsyncSession, *, account_id: uuid.UUID, contact_id: uuid.UUID
) -> PortalLogin | None:
    return await session.scalar(
        select(PortalLogin).where(
            PortalLogin.account_id == account_id, PortalLogin.contact_id == contact_id
        )
    )


async def delete_for_contact(
    session: AsyncSession, *, account_id: uuid.UUID, contact_id: uuid.UUID
) -> None:
    """The contact's login with everything that hangs on it: invitations, residencies,
    sessions, password reset tokens."""
    await invitations.delete_for_contact(session, account_id=account_id, contact_id=contact_id)
    await residencies.delete_for_contact(session, account_id=account_id, contact_id=contact_id)
    for table in (RefreshSession, PasswordResetToken):
        await session.execute(
            delete(table).where(
                table.account_id == account_id,
                table.subject_kind == "contact",
                table.subject_id == contact_id,
            )
        )
    await session.execute(
        delete(PortalLogin).where(
            PortalLogin.account_id == account_id, PortalLogin.contact_id == contact_id
        )
    )
