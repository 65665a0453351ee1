"""Inviting staff by e-mail, their registration, roles and deactivation."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from hausportal.kit.errors import Conflict, NotFound
from hausportal.kit.passwords import hash_password
from hausportal.portal import events
from hausportal.portal.accounts import repository as accounts
from hausportal.portal.auth import sessions
from hausportal.portal.invitations import codes, links
from hausportal.portal.invitations import repository as invitations
from hausportal.portal.invitations.service import invitation_created, take
from hausportal.portal.models import Invitation, Staff


def _email_taken(email: str) -> Conflict:
    return Conflict(
        "staff_email_taken",
        f"{email} gehört bereits zu einem Mitarbeiterkonto dieser Hausverwaltung.",
        email=email,
    )


async def invite_staff(
    session: AsyncSession,
    *,
    account_id: uuid.UUID,
    invited_by: uuid.UUID,
    email: str,
    name: str,
    role: str,
    now: datetime,
    valid_for: timedelta,
    portal_url: str,
) -> tuple[Invitation, str]:
    """An e-mailed link to join the account; an earlier open invitation of the address goes."""
    email = email.strip().lower()
    if await accounts.staff_with_email(session, account_id=account_id, email=email):
        raise _email_taken(email)
    await invitations.revoke_open(
        session, account_id=account_id, kind="staff", email=email, now=now
    )
    token = codes.new_token()
    invitation = Invitation(
        account_id=account_id,
        kind="staff",
        secret_hash=codes.secret_hash(token),
        email=email,
        name=name.strip(),
        staff_role=role,
        expires_at=now + valid_for,
        created_by=invited_by,
        created_at=now,
    )
    session.add(invitation)
    await session.flush()
    link = links.staff_registration(portal_url, token=token)
    await events.publish(session, invitation_created(invitation, link=link))
    return invitation, link


async def register_staff(
    session: AsyncSession, *, token: str, password: str, name: str | None, now: datetime
) -> Staff:
    """The invited staff member, with the invitation's role (StaffUpserted)."""
    invitation = await take(session, entered=token, kind="staff", now=now)
    assert invitation.email is not None
    assert invitation.staff_role is not None
    if await accounts.staff_with_email(
        session, account_id=invitation.account_id, email=invitation.email
    ):
        raise _email_taken(invitation.email)
    member = Staff(
        account_id=invitation.account_id,
        name=(name or "").strip() or invitation.name or invitation.email,
        email=invitation.email,
        role=invitation.staff_role,
        password_hash=hash_password(password),
        active=True,
    )
    session.add(member)
    await session.flush()
    await events.publish(session, events.staff_upserted(member))
    return member


async def get_staff(session: AsyncSession, *, account_id: uuid.UUID, staff_id: uuid.UUID) -> Staff:
    member = await accounts.get_staff(session, account_id=account_id, staff_id=staff_id)
    if member is None:
        raise NotFound("staff_not_found", "Das Mitarbeiterkonto wurde nicht gefunden.")
    return member


async def update_staff(
    session: AsyncSession,
    *,
    account_id: uuid.UUID,
    staff_id: uuid.UUID,
    changes: dict[str, Any],
    now: datetime,
) -> Staff:
    """Role, active, name; the account keeps at least one active admin (409)."""
    member = await get_staff(session, account_id=account_id, staff_id=staff_id)
    was_admin = member.active and member.role == "admin"
    for field, value in changes.items():
        setattr(member, field, str(value) if field == "role" else value)
    stays_admin = member.active and member.role == "admin"
    await session.flush()
    if (
        was_admin
        and not stays_admin
        and not await accounts.active_admin_count(session, account_id=account_id)
    ):
        raise Conflict(
            "last_admin",
            "Die Hausverwaltung braucht mindestens einen aktiven Administrator. Ernennen Sie "
            "zuerst jemand anderen zum Administrator.",
        )
    if not member.active:
        await sessions.revoke_subject(
            session, account_id=account_id, subject_kind="staff", subject_id=member.id, now=now
        )
    await events.publish(session, events.staff_upserted(member))
    return member
