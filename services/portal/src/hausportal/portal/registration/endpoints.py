"""/register: a contact registers with its invitation code, or a resident through a property's
link; /contacts/{id}/registration-token: the older name of a contact invitation."""

from __future__ import annotations

import uuid
from datetime import timedelta

from fastapi import APIRouter, status

from hausportal.kit.auth import CurrentStaff, Principal
from hausportal.kit.clock import ClockDep
from hausportal.kit.db import SessionDep
from hausportal.portal.auth.schemas import LoginOut
from hausportal.portal.auth.service import issue_tokens
from hausportal.portal.deps import SettingsDep
from hausportal.portal.invitations import service as invitations
from hausportal.portal.registration import service
from hausportal.portal.registration.schemas import RegisterIn, RegistrationTokenOut

router = APIRouter(tags=["registration"])


@router.post(
    "/contacts/{contact_id}/registration-token",
    status_code=status.HTTP_201_CREATED,
    summary="A contact's invitation code without an e-mail (POST /contacts/{id}/invitations)",
    deprecated=True,
)
async def issue_registration_token(
    session: SessionDep,
    staff: CurrentStaff,
    settings: SettingsDep,
    clock: ClockDep,
    contact_id: uuid.UUID,
) -> RegistrationTokenOut:
    issued = await invitations.invite_contact(
        session,
        account_id=staff.account_id,
        contact_id=contact_id,
        invited_by=staff.subject_id,
        send_email=False,
        email=None,
        now=clock.now(),
        valid_for=timedelta(days=settings.invitation_days),
        portal_url=settings.portal_url,
    )
    assert issued.invitation.expires_at is not None
    return RegistrationTokenOut(
        id=issued.invitation.id,
        token=issued.code,
        code=issued.code,
        link=issued.link,
        expires_at=issued.invitation.expires_at,
    )


@router.post(
    "/register",
    status_code=status.HTTP_201_CREATED,
    summary="Register a portal login with an invitation code or a property's link; logs in",
    responses={
        400: {"description": "token_invalid (code), link_invalid (property link)"},
        410: {
            "description": "token_used, token_revoked, token_expired (code); "
            "link_expired (the property's link was renewed)"
        },
        403: {"description": "no_portal_access: the contact has no contract in its window"},
        409: {"description": "contact_already_registered, email_taken"},
    },
)
async def register(
    session: SessionDep, settings: SettingsDep, clock: ClockDep, body: RegisterIn
) -> LoginOut:
    fields = {
        "email": str(body.email),
        "password": body.password,
        "display_name": body.display_name,
        "now": clock.now(),
    }
    if body.invitation_code is not None:
        contact, login = await service.register_with_code(
            session, code=body.invitation_code, **fields
        )
    else:
        assert body.property_token is not None
        contact, login = await service.register_as_resident(
            session, property_token=body.property_token, **fields
        )
    principal = Principal.contact(
        contact_id=contact.id, account_id=contact.account_id, name=login.display_name
    )
    return await issue_tokens(session, principal, settings=settings, now=clock.now())
