"""Registering a portal login: a contact with its invitation code, or a new resident through a
property's invite link."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from hausportal.kit.errors import Conflict
from hausportal.kit.passwords import hash_password
from hausportal.kit.visibility import berlin_today
from hausportal.portal.auth.service import contact_may_log_in, no_portal_access
from hausportal.portal.contacts.service import get_contact, is_registered, publish_contact
from hausportal.portal.invitations import service as invitations
from hausportal.portal.invitations.service import ALREADY_REGISTERED
from hausportal.portal.models import Contact, PortalLogin, Residency
from hausportal.portal.registration import repository


def _email_taken() -> Conflict:
    return Conflict(
        "email_taken",
        "Mit dieser E-Mail-Adresse ist bereits jemand registriert. "
        "Bitte melden Sie sich an oder verwenden Sie eine andere Adresse.",
    )


async def register_with_code(
    session: AsyncSession,
    *,
    code: str,
    email: str,
    password: str,
    display_name: str,
    now: datetime,
) -> tuple[Contact, PortalLogin]:
    """The invited contact's portal login; uses up the code (ContactUpserted, registered)."""
    invitation = await invitations.take(session, entered=code, kind="contact", now=now)
    assert invitation.contact_id is not None
    contact = await get_contact(
        session, account_id=invitation.account_id, contact_id=invitation.contact_id
    )
    if await is_registered(session, contact=contact):
        raise ALREADY_REGISTERED
    if not await contact_may_log_in(
        session, account_id=contact.account_id, contact_id=contact.id, today=berlin_today(now)
    ):
        raise no_portal_access()
    email = email.strip().lower()
    if await repository.login_with_email(session, account_id=contact.account_id, email=email):
        raise _email_taken()
    login = PortalLogin(
        account_id=contact.account_id,
        contact_id=contact.id,
        email=email,
        password_hash=hash_password(password),
        display_name=display_name,
        created_at=now,
    )
    session.add(login)
    if not contact.email:
        # The master data keeps the address staff entered; an empty one is filled in.
        contact.email = email
    await session.flush()
    await publish_contact(session, contact=contact)
    return contact, login


async def register_as_resident(
    session: AsyncSession,
    *,
    property_token: str,
    email: str,
    password: str,
    display_name: str,
    now: datetime,
) -> tuple[Contact, PortalLogin]:
    """A new contact, resident of the link's property without a contract, and its login.

    The contact's master data gets the chosen name but not the e-mail address: staff see
    residents by the name they chose, never by their address (the login keeps it).
    """
    link = await invitations.resolve_link(session, token=property_token)
    email = email.strip().lower()
    if await repository.login_with_email(session, account_id=link.account_id, email=email):
        raise _email_taken()
    contact = Contact(account_id=link.account_id, name=display_name)
    session.add(contact)
    await session.flush()
    login = PortalLogin(
        account_id=link.account_id,
        contact_id=contact.id,
        email=email,
        password_hash=hash_password(password),
        display_name=display_name,
        created_at=now,
    )
    session.add_all(
        [
            login,
            Residency(
                account_id=link.account_id,
                contact_id=contact.id,
                property_id=link.property_id,
                created_at=now,
            ),
        ]
    )
    await session.flush()
    await publish_contact(session, contact=contact)
    return contact, login
