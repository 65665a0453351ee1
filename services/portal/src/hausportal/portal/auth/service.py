"""Checking e-mail and password (staff first, then contacts' portal logins), issuing tokens."""

from __future__ import annotations

import uuid
from datetime import date, datetime, timedelta
from typing import TypeVar, cast

from sqlalchemy.ext.asyncio import AsyncSession

from hausportal.contracts.directory import AccessWindows, ContractRole
from hausportal.kit import visibility
from hausportal.kit.auth import Principal, StaffRole, issue_token
from hausportal.kit.errors import Conflict, UserError
from hausportal.kit.passwords import (
    hash_password,
    needs_rehash,
    verify_password,
    verify_unknown_user,
)
from hausportal.kit.visibility import berlin_today
from hausportal.portal.accounts import repository as accounts
from hausportal.portal.auth import sessions
from hausportal.portal.auth.schemas import LoginOut
from hausportal.portal.contracts import repository as contracts
from hausportal.portal.models import PortalLogin, RefreshSession, Staff
from hausportal.portal.registration import repository as logins
from hausportal.portal.residents import repository as residencies
from hausportal.portal.settings import PortalSettings

Login = TypeVar("Login", Staff, PortalLogin)

WRONG_CREDENTIALS = "E-Mail-Adresse oder Passwort ist falsch."


def wrong_credentials() -> UserError:
    return UserError("invalid_credentials", WRONG_CREDENTIALS, status_code=401)


def no_portal_access() -> UserError:
    return UserError(
        "no_portal_access",
        "Ihr Zugang zum Portal ist derzeit nicht freigeschaltet, weil kein Vertrag besteht. "
        "Bitte wenden Sie sich an Ihre Hausverwaltung.",
        status_code=403,
    )


async def login(
    session: AsyncSession,
    *,
    email: str,
    password: str,
    account_id: uuid.UUID | None,
    today: date,
) -> Principal:
    """The principal the credentials name; 401, 403 (contact without access) or 409."""
    email = email.strip().lower()
    staff = [
        s
        for s in await accounts.active_staff_by_email(session, email=email)
        if account_id is None or s.account_id == account_id
    ]
    matched_staff = [s for s in staff if verify_password(password, s.password_hash)]
    if matched_staff:
        member = await _only_one(session, matched_staff)
        _rehash_if_weak(member, password)
        return Principal.staff(
            staff_id=member.id,
            account_id=member.account_id,
            role=cast(StaffRole, member.role),
            name=member.name,
        )
    portal_logins = [
        p
        for p in await logins.logins_by_email(session, email=email)
        if account_id is None or p.account_id == account_id
    ]
    if not staff and not portal_logins:
        verify_unknown_user(password)
        raise wrong_credentials()
    matched = [p for p in portal_logins if verify_password(password, p.password_hash)]
    if not matched:
        raise wrong_credentials()
    portal_login = await _only_one(session, matched)
    if not await contact_may_log_in(
        session, account_id=portal_login.account_id, contact_id=portal_login.contact_id, today=today
    ):
        raise no_portal_access()
    _rehash_if_weak(portal_login, password)
    return Principal.contact(
        contact_id=portal_login.contact_id,
        account_id=portal_login.account_id,
        name=portal_login.display_name,
    )


async def _only_one(session: AsyncSession, matches: list[Login]) -> Login:
    if len({m.account_id for m in matches}) == 1:
        return matches[0]
    choices = []
    for match in matches:
        account = await accounts.get(session, account_id=match.account_id)
        if account is not None:
            choices.append({"account_id": str(account.id), "name": account.name})
    raise Conflict(
        "account_ambiguous",
        "Diese Zugangsdaten gehören zu mehreren Hausverwaltungen. Bitte wählen Sie eine aus.",
        accounts=choices,
    )


def _rehash_if_weak(holder: Staff | PortalLogin, password: str) -> None:
    if needs_rehash(holder.password_hash):
        holder.password_hash = hash_password(password)


async def contact_may_log_in(
    session: AsyncSession, *, account_id: uuid.UUID, contact_id: uuid.UUID, today: date
) -> bool:
    """DESIGN.md: while one of the contact's contracts is in the account's access window, or
    while it is a registered resident of a property."""
    account = await accounts.get(session, account_id=account_id)
    if account is None:
        return False
    access = AccessWindows(
        pre_contract_days=account.access_pre_contract_days,
        post_contract_days=account.access_post_contract_days,
    )
    viewer = visibility.Viewer.contact(
        account_id=account_id,
        contact_id=contact_id,
        contracts=[
            visibility.Contract(
                contract_id=c.id,
                contact_id=c.contact_id,
                unit_id=c.unit_id,
                property_id=c.property_id,
                role=ContractRole(c.role),
                start=c.start,
                end=c.end,
            )
            for c in await contracts.of_contact(
                session, account_id=account_id, contact_id=contact_id
            )
        ],
        resident_property_ids=await residencies.property_ids_of(
            session, account_id=account_id, contact_id=contact_id
        ),
    )
    return bool(visibility.may_log_in(viewer, access=access, on=today))


async def issue_tokens(
    session: AsyncSession, principal: Principal, *, settings: PortalSettings, now: datetime
) -> LoginOut:
    """An access token and the first refresh token of a new login session."""
    refresh_token = await sessions.start(
        session,
        principal=principal,
        now=now,
        valid_for=timedelta(days=settings.refresh_token_days),
    )
    return token_response(principal, settings=settings, refresh_token=refresh_token)


def token_response(
    principal: Principal, *, settings: PortalSettings, refresh_token: str | None = None
) -> LoginOut:
    token = issue_token(
        principal,
        secret=settings.jwt_secret,
        issuer=settings.jwt_issuer,
        ttl=timedelta(minutes=settings.access_token_minutes),
    )
    return LoginOut(
        access_token=token,
        refresh_token=refresh_token,
        kind=principal.kind,
        account_id=principal.account_id,
        subject_id=principal.subject_id,
    )


async def refresh(
    session: AsyncSession, *, refresh_token: str, settings: PortalSettings, now: datetime
) -> LoginOut:
    """New access and refresh tokens for a refresh token, which stops working.

    The staff member must still be active and the contact must still may log in. Raises
    ``sessions.SessionRefused`` after revoking the session (the caller commits that).
    """
    stored = await sessions.current(session, token=refresh_token, now=now)
    principal = await _principal_of(session, stored, now=now)
    new_token = await sessions.rotate(
        session, stored, now=now, valid_for=timedelta(days=settings.refresh_token_days)
    )
    return token_response(principal, settings=settings, refresh_token=new_token)


async def _principal_of(
    session: AsyncSession, stored: RefreshSession, *, now: datetime
) -> Principal:
    if stored.subject_kind == "staff":
        member = await accounts.get_staff(
            session, account_id=stored.account_id, staff_id=stored.subject_id
        )
        if member is None or not member.active:
            await sessions.revoke_family(session, family_id=stored.family_id, now=now)
            raise sessions.SessionRefused(
                UserError(
                    "staff_inactive",
                    "Ihr Zugang wurde deaktiviert. Bitte wenden Sie sich an einen Administrator "
                    "Ihrer Hausverwaltung.",
                    status_code=401,
                )
            )
        return Principal.staff(
            staff_id=member.id,
            account_id=member.account_id,
            role=cast(StaffRole, member.role),
            name=member.name,
        )
    portal_login = await logins.login_of_contact(
        session, account_id=stored.account_id, contact_id=stored.subject_id
    )
    if portal_login is None:
        await sessions.revoke_family(session, family_id=stored.family_id, now=now)
        raise sessions.SessionRefused(sessions.invalid())
    if not await contact_may_log_in(
        session,
        account_id=portal_login.account_id,
        contact_id=portal_login.contact_id,
        today=berlin_today(now),
    ):
        raise no_portal_access()
    return Principal.contact(
        contact_id=portal_login.contact_id,
        account_id=portal_login.account_id,
        name=portal_login.display_name,
    )
