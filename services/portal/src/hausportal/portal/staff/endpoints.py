"""/staff: the account's staff, invitations by e-mail (admins), registering with the link."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import cast

from fastapi import APIRouter, status

from hausportal.kit.auth import CurrentStaff, Principal, StaffRole
from hausportal.kit.clock import ClockDep
from hausportal.kit.db import SessionDep
from hausportal.kit.paging import Page, PageDep
from hausportal.portal.accounts import repository as accounts
from hausportal.portal.auth.schemas import LoginOut
from hausportal.portal.auth.service import issue_tokens
from hausportal.portal.deps import SettingsDep
from hausportal.portal.models import Staff
from hausportal.portal.staff import service
from hausportal.portal.staff.access import CurrentAdmin
from hausportal.portal.staff.schemas import (
    StaffInvitationIn,
    StaffInvitationOut,
    StaffOut,
    StaffPatch,
    StaffRegisterIn,
)

router = APIRouter(prefix="/staff", tags=["staff"])


def _out(member: Staff) -> StaffOut:
    return StaffOut(
        id=member.id,
        name=member.name,
        email=member.email,
        role=member.role,  # type: ignore[arg-type]
        active=member.active,
    )


@router.get("", summary="The account's staff")
async def list_staff(session: SessionDep, staff: CurrentStaff, page: PageDep) -> Page[StaffOut]:
    items, total = await accounts.staff_of_account(session, account_id=staff.account_id, page=page)
    return Page.of([_out(m) for m in items], total=total, params=page)


@router.post(
    "/invitations",
    status_code=status.HTTP_201_CREATED,
    summary="Invite a staff member by e-mail (admins); the link is valid for 3 days",
    responses={403: {"description": "admin_only"}, 409: {"description": "staff_email_taken"}},
)
async def invite_staff(
    session: SessionDep,
    admin: CurrentAdmin,
    settings: SettingsDep,
    clock: ClockDep,
    body: StaffInvitationIn,
) -> StaffInvitationOut:
    invitation, link = await service.invite_staff(
        session,
        account_id=admin.account_id,
        invited_by=admin.subject_id,
        email=str(body.email),
        name=body.name,
        role=body.role.value,
        now=clock.now(),
        valid_for=timedelta(hours=settings.staff_invitation_hours),
        portal_url=settings.portal_url,
    )
    assert invitation.email is not None
    assert invitation.expires_at is not None
    return StaffInvitationOut(
        id=invitation.id,
        email=invitation.email,
        role=body.role,
        link=link,
        expires_at=invitation.expires_at,
    )


@router.post(
    "/register",
    status_code=status.HTTP_201_CREATED,
    summary="Create the invited staff member's login with the link's token; logs in",
    responses={
        400: {"description": "token_invalid"},
        410: {"description": "token_used, token_revoked, token_expired"},
        409: {"description": "staff_email_taken"},
    },
)
async def register_staff(
    session: SessionDep, settings: SettingsDep, clock: ClockDep, body: StaffRegisterIn
) -> LoginOut:
    member = await service.register_staff(
        session, token=body.token, password=body.password, name=body.name, now=clock.now()
    )
    principal = Principal.staff(
        staff_id=member.id,
        account_id=member.account_id,
        role=cast(StaffRole, member.role),
        name=member.name,
    )
    return await issue_tokens(session, principal, settings=settings, now=clock.now())


@router.patch(
    "/{staff_id}",
    summary="Change a staff member's role or deactivate them (admins)",
    responses={403: {"description": "admin_only"}, 409: {"description": "last_admin"}},
)
async def update_staff(
    session: SessionDep, admin: CurrentAdmin, clock: ClockDep, staff_id: uuid.UUID, body: StaffPatch
) -> StaffOut:
    member = await service.update_staff(
        session,
        account_id=admin.account_id,
        staff_id=staff_id,
        changes=body.changes(),
        now=clock.now(),
    )
    return _out(member)
