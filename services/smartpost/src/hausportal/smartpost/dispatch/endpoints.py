"""Staff endpoints of the paper side: /api/smartpost/settings, /serial-letters/{id}/dispatch."""

from __future__ import annotations

from fastapi import APIRouter

from hausportal.kit.auth import CurrentStaff
from hausportal.kit.clock import ClockDep
from hausportal.kit.db import SessionDep
from hausportal.smartpost.dispatch import settings
from hausportal.smartpost.dispatch.settings import SettingsIn, SettingsOut

router = APIRouter(tags=["dispatch"])


@router.get("/settings", summary="The account's SmartPost settings")
async def get_settings(session: SessionDep, staff: CurrentStaff) -> SettingsOut:
    return await settings.current(session, account_id=staff.account_id)


@router.put("/settings", summary="Change the SmartPost settings (admins)")
async def put_settings(
    body: SettingsIn, session: SessionDep, staff: CurrentStaff, clock: ClockDep
) -> SettingsOut:
    return await settings.change(session, staff=staff, wanted=body, now=clock.now())
