"""Invitations: a one-time token per contact, and registering a portal login with it."""

from __future__ import annotations

import hashlib
import secrets
import uuid
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from hausportal.kit.errors import Conflict, UserError
from hausportal.kit.passwords import hash_password
from hausportal.kit.visibility import berlin_today
from hausportal.portal.auth.service import contact_may_log_in, no_portal_access
from hausportal.portal.contacts.service import get_contact, is_registered, publish_contact
from hausportal.portal.models import Contact, PortalLogin, RegistrationToken
from hausportal.portal.registration import repository

ALREADY_REGISTERED = Conflict(
    "contact_already_registered", "Dieser Kontakt ist bereits im Portal registriert."
)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


async def issue_registration_token(
    session: AsyncSession,
    *,
    account_id: uuid.UUID,
    contact_id: uuid.UUID,
    now: datetime,
    valid_for: timedelta,
) -> tuple[str, datetime]:
    """A new token for the contact's invitation; returns the token itself (never stored)."""
    contact = await get_contact(session, account_id=account_id, contact_id=contact_id)
    if await is_registered(session, contact=contact):
        raise ALREADY_REGISTERED
    token = secrets.token_urlsafe(32)
    expires_at = now + valid_for
    session.add(
        RegistrationToken(
            account_id=account_id,
            contact_id=contact.id,
            token_hash=token_hash(token),
            created_at=now,
            expires_at=expires_at,
        )
    )
    await session.flush()
    return token, expires_at


async def register(
    session: AsyncSession,
    *,
    token: str,
    email: str,
    password: str,
    display_name: str,
    now: datetime,
) -> tuple[Contact, PortalLogin]:
    """Creates the contact's portal login and uses up the token (ContactUpserted, registered)."""
    stored = await repository.token_by_hash(session, token_hash=token_hash(token))
    if stored is None:
        raise UserError(
            "token_invalid",
            "Der Registrierungslink ist ungültig. Bitte prüfen Sie den Link in Ihrer Einladung.",
        )
    if stored.used_at is not None:
        raise UserError(
            "token_used",
            "Dieser Registrierungslink wurde bereits verwendet. Bitte melden Sie sich an.",
            status_code=410,
        )
    if stored.expires_at <= now:
        raise UserError(
            "token_expired",
            "Der Registrierungslink ist abgelaufen. Bitte fordern Sie bei Ihrer Hausverwaltung "
            "eine neue Einladung an.",
            status_code=410,
        )
    contact = await get_contact(session, account_id=stored.account_id, contact_id=stored.contact_id)
    if await is_registered(session, contact=contact):
        raise ALREADY_REGISTERED
    if not await contact_may_log_in(
        session, account_id=contact.account_id, contact_id=contact.id, today=berlin_today(now)
    ):
        raise no_portal_access()
    email = email.strip().lower()
    if await repository.login_with_email(session, account_id=contact.account_id, email=email):
        raise Conflict(
            "email_taken",
            "Mit dieser E-Mail-Adresse ist bereits jemand registriert. "
            "Bitte melden Sie sich an oder verwenden Sie eine andere Adresse.",
        )
    login = PortalLogin(
        account_id=contact.account_id,
        contact_id=contact.id,
        email=email,
        password_hash=hash_password(password),
        display_name=display_name,
        created_at=now,
    )
    session.add(login)
    stored.used_at = now
    if not contact.email:
        # The master data keeps the address staff entered; an empty one is filled in.
        contact.email = email
    await session.flush()
    await publish_contact(session, contact=contact)
    return contact, login
