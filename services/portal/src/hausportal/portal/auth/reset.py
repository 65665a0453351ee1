"""Password reset by e-mail: a one-time link, valid for a short while, for staff and contacts."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from hausportal.contracts.portal import PasswordResetPayload, PasswordResetRequested
from hausportal.kit.errors import UserError
from hausportal.kit.passwords import hash_password
from hausportal.portal import events
from hausportal.portal.accounts import repository as accounts
from hausportal.portal.auth import sessions
from hausportal.portal.invitations import codes, links
from hausportal.portal.models import PasswordResetToken, PortalLogin, Staff
from hausportal.portal.registration import repository as logins


async def request_reset(
    session: AsyncSession, *, email: str, now: datetime, valid_for: timedelta, portal_url: str
) -> None:
    """An e-mail with a reset link to every login with this address (staff and contacts, in
    every account); nothing for an unknown address, and the caller never learns which."""
    email = email.strip().lower()
    holders: list[Staff | PortalLogin] = [
        *await accounts.active_staff_by_email(session, email=email),
        *await logins.logins_by_email(session, email=email),
    ]
    published = []
    for holder in holders:
        kind, subject_id, name = (
            ("staff", holder.id, holder.name)
            if isinstance(holder, Staff)
            else ("contact", holder.contact_id, holder.display_name)
        )
        # A new link replaces the ones asked for before.
        await session.execute(
            update(PasswordResetToken)
            .where(
                PasswordResetToken.subject_kind == kind,
                PasswordResetToken.subject_id == subject_id,
                PasswordResetToken.used_at.is_(None),
            )
            .values(used_at=now)
        )
        token = codes.new_token()
        session.add(
            PasswordResetToken(
                account_id=holder.account_id,
                subject_kind=kind,
                subject_id=subject_id,
                token_hash=codes.secret_hash(token),
                created_at=now,
                expires_at=now + valid_for,
            )
        )
        published.append(
            PasswordResetRequested(
                account_id=holder.account_id,
                payload=PasswordResetPayload(
                    email=holder.email,
                    name=name,
                    link=links.password_reset(portal_url, token=token),
                    expires_at=now + valid_for,
                ),
            )
        )
    await session.flush()
    await events.publish(session, *published)


def _invalid() -> UserError:
    return UserError(
        "reset_token_invalid",
        "Der Link zum Zurücksetzen des Passworts ist ungültig. Bitte fordern Sie einen neuen an.",
    )


async def confirm_reset(session: AsyncSession, *, token: str, password: str, now: datetime) -> None:
    """Sets the new password; the link works once, and every login session of it ends."""
    stored = await session.scalar(
        select(PasswordResetToken).where(
            PasswordResetToken.token_hash == codes.secret_hash(token.strip())
        )
    )
    if stored is None:
        raise _invalid()
    if stored.used_at is not None:
        raise UserError(
            "reset_token_used",
            "Dieser Link wurde bereits verwendet oder durch einen neueren ersetzt. Bitte fordern "
            "Sie bei Bedarf einen neuen an.",
            status_code=410,
        )
    if stored.expires_at <= now:
        raise UserError(
            "reset_token_expired",
            "Der Link zum Zurücksetzen des Passworts ist abgelaufen. Bitte fordern Sie einen "
            "neuen an.",
            status_code=410,
        )
    holder: Staff | PortalLogin | None
    if stored.subject_kind == "staff":
        holder = await accounts.get_staff(
            session, account_id=stored.account_id, staff_id=stored.subject_id
        )
        if holder is not None and not holder.active:
            holder = None
    else:
        holder = await logins.login_of_contact(
            session, account_id=stored.account_id, contact_id=stored.subject_id
        )
    if holder is None:
        raise _invalid()
    holder.password_hash = hash_password(password)
    stored.used_at = now
    await sessions.revoke_subject(
        session,
        account_id=stored.account_id,
        subject_kind=stored.subject_kind,
        subject_id=stored.subject_id,
        now=now,
    )
    await session.flush()
