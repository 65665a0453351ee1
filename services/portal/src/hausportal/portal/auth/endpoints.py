"""/auth: log in (access and refresh token), refresh, log out, reset a forgotten password."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from fastapi import APIRouter, Response, status
from fastapi.responses import JSONResponse

from hausportal.kit.clock import ClockDep, today
from hausportal.kit.db import SessionDep
from hausportal.portal.auth import reset, service, sessions
from hausportal.portal.auth.schemas import (
    LoginIn,
    LoginOut,
    PasswordResetConfirmIn,
    PasswordResetIn,
    RefreshIn,
)
from hausportal.portal.deps import SettingsDep

router = APIRouter(prefix="/auth", tags=["auth"])


@router.post(
    "/login",
    summary="Log in as staff or contact",
    responses={
        401: {"description": "Wrong e-mail or password"},
        403: {"description": "A contact outside every access window"},
        409: {"description": "The credentials work in several accounts: send account_id"},
    },
)
async def login(
    session: SessionDep, settings: SettingsDep, clock: ClockDep, body: LoginIn
) -> LoginOut:
    principal = await service.login(
        session,
        email=body.email,
        password=body.password,
        account_id=body.account_id,
        today=today(clock),
    )
    return await service.issue_tokens(session, principal, settings=settings, now=clock.now())


@router.post(
    "/refresh",
    response_model=LoginOut,
    summary="A new access token (and the next refresh token) for a refresh token",
    responses={
        401: {
            "description": "refresh_token_invalid, refresh_token_expired, "
            "refresh_token_reused (the whole login ends), staff_inactive"
        },
        403: {"description": "no_portal_access: the contact is outside every access window"},
    },
)
async def refresh(
    session: SessionDep, settings: SettingsDep, clock: ClockDep, body: RefreshIn
) -> Any:
    try:
        return await service.refresh(
            session, refresh_token=body.refresh_token, settings=settings, now=clock.now()
        )
    except sessions.SessionRefused as refused:
        # Answered, not raised: the revocation is committed with the request.
        return JSONResponse(refused.error.body(), status_code=refused.error.status_code)


@router.post(
    "/logout", status_code=status.HTTP_204_NO_CONTENT, summary="End the refresh token's login"
)
async def logout(session: SessionDep, clock: ClockDep, body: RefreshIn) -> Response:
    await sessions.log_out(session, token=body.refresh_token, now=clock.now())
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post(
    "/password-reset",
    status_code=status.HTTP_202_ACCEPTED,
    summary="E-mail a link to choose a new password (the same answer for unknown addresses)",
)
async def request_password_reset(
    session: SessionDep, settings: SettingsDep, clock: ClockDep, body: PasswordResetIn
) -> Response:
    await reset.request_reset(
        session,
        email=body.email,
        now=clock.now(),
        valid_for=timedelta(minutes=settings.password_reset_minutes),
        portal_url=settings.portal_url,
    )
    return Response(status_code=status.HTTP_202_ACCEPTED)


@router.post(
    "/password-reset/confirm",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Set a new password with the e-mailed link's token; every login of it ends",
    responses={
        400: {"description": "reset_token_invalid"},
        410: {"description": "reset_token_used or reset_token_expired"},
    },
)
async def confirm_password_reset(
    session: SessionDep, clock: ClockDep, body: PasswordResetConfirmIn
) -> Response:
    await reset.confirm_reset(session, token=body.token, password=body.password, now=clock.now())
    return Response(status_code=status.HTTP_204_NO_CONTENT)
