"""Login sessions: refresh tokens of one family per login, rotated on every refresh; a rotated
token presented again means it was stolen or copied, and the whole family is revoked."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from hausportal.kit.auth import Principal
from hausportal.kit.errors import UserError
from hausportal.portal.invitations import codes
from hausportal.portal.models import RefreshSession


class SessionRefused(Exception):
    """The refresh is refused *and* the session was revoked: the revocation must be committed
    although the request fails, so the endpoint answers instead of raising."""

    def __init__(self, error: UserError) -> None:
        super().__init__(error.message)
        self.error = error


def invalid() -> UserError:
    return UserError(
        "refresh_token_invalid",
        "Ihre Anmeldung ist nicht mehr gültig. Bitte melden Sie sich erneut an.",
        status_code=401,
    )


async def start(
    session: AsyncSession, *, principal: Principal, now: datetime, valid_for: timedelta
) -> str:
    """The first refresh token of a new login."""
    token, row = _new(
        account_id=principal.account_id,
        family_id=uuid.uuid4(),
        subject_kind=principal.kind,
        subject_id=principal.subject_id,
        now=now,
        valid_for=valid_for,
    )
    session.add(row)
    await session.flush()
    return token


def _new(
    *,
    account_id: uuid.UUID,
    family_id: uuid.UUID,
    subject_kind: str,
    subject_id: uuid.UUID,
    now: datetime,
    valid_for: timedelta,
) -> tuple[str, RefreshSession]:
    token = codes.new_token()
    return token, RefreshSession(
        account_id=account_id,
        family_id=family_id,
        subject_kind=subject_kind,
        subject_id=subject_id,
        token_hash=codes.secret_hash(token),
        created_at=now,
        expires_at=now + valid_for,
    )


async def _by_token(session: AsyncSession, *, token: str) -> RefreshSession | None:
    return await session.scalar(
        select(RefreshSession).where(RefreshSession.token_hash == codes.secret_hash(token))
    )


async def current(session: AsyncSession, *, token: str, now: datetime) -> RefreshSession:
    """The live session of ``token``; 401 otherwise (a reused token revokes its family)."""
    stored = await _by_token(session, token=token)
    if stored is None or stored.revoked_at is not None:
        raise invalid()
    if stored.rotated_at is not None:
        await revoke_family(session, family_id=stored.family_id, now=now)
        raise SessionRefused(
            UserError(
                "refresh_token_reused",
                "Diese Anmeldung wurde aus Sicherheitsgründen beendet, weil sie an zwei Stellen "
                "verwendet wurde. Bitte melden Sie sich erneut an.",
                status_code=401,
            )
        )
    if stored.expires_at <= now:
        raise UserError(
            "refresh_token_expired",
            "Ihre Anmeldung ist abgelaufen. Bitte melden Sie sich erneut an.",
            status_code=401,
        )
    return stored


async def rotate(
    session: AsyncSession, stored: RefreshSession, *, now: datetime, valid_for: timedelta
) -> str:
    """The next refresh token of the family; ``stored`` stops working."""
    stored.rotated_at = now
    token, row = _new(
        account_id=stored.account_id,
        family_id=stored.family_id,
        subject_kind=stored.subject_kind,
        subject_id=stored.subject_id,
        now=now,
        valid_for=valid_for,
    )
    session.add(row)
    await session.flush()
    return token


async def revoke_family(session: AsyncSession, *, family_id: uuid.UUID, now: datetime) -> None:
    await session.execute(
        update(RefreshSession)
        .where(RefreshSession.family_id == family_id, RefreshSession.revoked_at.is_(None))
        .values(revoked_at=now)
    )


async def log_out(session: AsyncSession, *, token: str, now: datetime) -> None:
    """Ends the login the token belongs to; an unknown or spent token changes nothing."""
    stored = await _by_token(session, token=token)
    if stored is not None:
        await revoke_family(session, family_id=stored.family_id, now=now)


async def revoke_subject(
    session: AsyncSession,
    *,
    account_id: uuid.UUID,
    subject_kind: str,
    subject_id: uuid.UUID,
    now: datetime,
) -> None:
    """Ends every login of a staff member or a contact."""
    await session.execute(
        update(RefreshSession)
        .where(
            RefreshSession.account_id == account_id,
            RefreshSession.subject_kind == subject_kind,
            RefreshSession.subject_id == subject_id,
            RefreshSession.revoked_at.is_(None),
        )
        .values(revoked_at=now)
    )
