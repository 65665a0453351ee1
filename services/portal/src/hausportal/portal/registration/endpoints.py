"""Invitations: staff issue a registration token, the contact registers with it."""

from __future__ import annotations

import uuid
from datetime import timedelta

from fastapi import APIRouter, status

from hausportal.kit.auth import CurrentStaff, Principal
from hausportal.kit.clock import ClockDep
from hausportal.kit.db import SessionDep
from hausportal.portal.auth.schemas import LoginOut
from hausportal.portal.auth.service import token_response
from hausportal.portal.deps import SettingsDep
from hausportal.portal.registration import service
from hausportal.portal.registration.schemas import RegisterIn, RegistrationTokenOut

router = APIRouter(tags=["registration"])


@router.post(
    "/contacts/{contact_id}/registration-token",
    status_code=status.HTTP_201_CREATED,
    summary="A one-time token for the contact's invitation link",
)
async def issue_registration_token(
    session: SessionDep,
    staff: CurrentStaff,
    settings: SettingsDep,
    clock: ClockDep,
    contact_id: uuid.UUID,
) -> RegistrationTokenOut:
    token, expires_at = await service.issue_registration_token(
        session,
        account_id=staff.account_id,
        contact_id=contact_id,
        now=clock.now(),
        valid_for=timedelta(days=settings.registration_token_days),
    )
    return RegistrationTokenOut(token=token, expires_at=expires_at)


@router.post(
    "/register",
    status_code=status.HTTP_201_CREATED,
    summary="Register a portal login with an invitation's token; logs the contact in",
    responses={
        400: {"description": "token_invalid"},
        410: {"description": "token_used or token_expired"},
        403: {"description": "The contact has no contract in its access window"},
        409: {"description": "The contact or the e-mail address is already registered"},
    },
)
async def register(
    session: SessionDep, settings: SettingsDep, clock: ClockDep, body: RegisterIn
) -> LoginOut:
    contact, login = await service.register(
        session,
        token=body.token,
        email=str(body.email),
        password=body.password,
        display_name=body.display_name,
        now=clock.now(),
    )
    principal = Principal.contact(
        contact_id=contact.id, account_id=contact.account_id, name=login.display_name
    )
    return token_response(principal, settings=settings)
