"""/auth/login: e-mail and password in, access token out."""

from __future__ import annotations

from fastapi import APIRouter

from hausportal.kit.clock import ClockDep, today
from hausportal.kit.db import SessionDep
from hausportal.portal.auth import service
from hausportal.portal.auth.schemas import LoginIn, LoginOut
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
    return service.token_response(principal, settings=settings)
