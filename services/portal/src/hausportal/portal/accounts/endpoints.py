"""/account: the caller's own account."""

from __future__ import annotations

from fastapi import APIRouter

from hausportal.kit.auth import CurrentStaff
from hausportal.kit.db import SessionDep
from hausportal.portal.accounts import service
from hausportal.portal.accounts.schemas import (
    AccessWindowsOut,
    AccountOut,
    AccountPatch,
    BrandingOut,
)
from hausportal.portal.models import Account
from hausportal.portal.staff.access import CurrentAdmin

router = APIRouter(prefix="/account", tags=["account"])


def _out(account: Account) -> AccountOut:
    return AccountOut(
        id=account.id,
        name=account.name,
        slug=account.slug,
        access=AccessWindowsOut(
            pre_contract_days=account.access_pre_contract_days,
            post_contract_days=account.access_post_contract_days,
        ),
        branding=BrandingOut(logo_url=account.logo_url, primary_color=account.primary_color),
    )


@router.get("", summary="The caller's account and its access windows")
async def get_account(session: SessionDep, staff: CurrentStaff) -> AccountOut:
    return _out(await service.get_account(session, account_id=staff.account_id))


@router.patch(
    "",
    summary="Rename the account, change its access windows or its branding (admins)",
    responses={
        403: {"description": "admin_only"},
        422: {"description": "invalid_color, invalid_logo_url"},
    },
)
async def update_account(
    session: SessionDep, admin: CurrentAdmin, body: AccountPatch
) -> AccountOut:
    account = await service.update_account(
        session, account_id=admin.account_id, changes=body.changes()
    )
    return _out(account)
