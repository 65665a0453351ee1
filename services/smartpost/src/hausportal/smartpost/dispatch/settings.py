"""An account's SmartPost settings: print provider, registered mail, download approval."""

from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import BaseModel, Field
from sqlalchemy.ext.asyncio import AsyncSession

from hausportal.kit.auth import Principal
from hausportal.kit.errors import Invalid
from hausportal.smartpost.models import AccountSettings, directory
from hausportal.smartpost.serial_letters.publishing import ensure_admin

PROVIDERS = ("file_export", "simulated")


class SettingsIn(BaseModel):
    # file_export: the print file and a manifest for your own print service;
    # simulated: a print shop that behaves like a real one (tests, demos).
    provider: str = Field(default="file_export", pattern="^(file_export|simulated)$")
    # Einwurfeinschreiben (Germany only), a feature of the account's contract.
    registered_mail: bool = False
    # Download links of whole serial letters go only to the approvers.
    download_approval: bool = False
    approver_staff_ids: list[uuid.UUID] = Field(default_factory=list)
    download_link_days: int = Field(default=7, ge=1, le=30)


class SettingsOut(SettingsIn):
    updated_at: datetime | None = None


DEFAULTS = SettingsIn()


async def current(session: AsyncSession, *, account_id: uuid.UUID) -> SettingsOut:
    row = await session.get(AccountSettings, account_id)
    if row is None:
        return SettingsOut(**DEFAULTS.model_dump())
    return SettingsOut(
        provider=row.provider,
        registered_mail=row.registered_mail,
        download_approval=row.download_approval,
        approver_staff_ids=[uuid.UUID(s) for s in row.approver_staff_ids],
        download_link_days=row.download_link_days,
        updated_at=row.updated_at,
    )


async def change(
    session: AsyncSession, *, staff: Principal, wanted: SettingsIn, now: datetime
) -> SettingsOut:
    """Admins only. Approvers must be active staff of the account; approval needs one."""
    await ensure_admin(session, staff)
    approvers = list(dict.fromkeys(wanted.approver_staff_ids))
    members = {
        m.staff_id: m for m in await directory.staff_members(session, account_id=staff.account_id)
    }
    unknown = [a for a in approvers if a not in members or not members[a].active]
    if unknown:
        raise Invalid(
            "unknown_approver",
            "Freigeben können nur aktive Mitarbeiter Ihrer Hausverwaltung.",
            staff_ids=[str(a) for a in unknown],
        )
    if wanted.download_approval and not approvers:
        raise Invalid(
            "approvers_missing",
            "Mit der Freigabe durch die Verwaltung braucht es mindestens eine Person, die "
            "Download-Links freigibt.",
        )
    row = await session.get(AccountSettings, staff.account_id)
    if row is None:
        row = AccountSettings(account_id=staff.account_id)
        session.add(row)
    row.provider = wanted.provider
    row.registered_mail = wanted.registered_mail
    row.download_approval = wanted.download_approval
    row.approver_staff_ids = [str(a) for a in approvers]
    row.download_link_days = wanted.download_link_days
    row.updated_by, row.updated_at = staff.subject_id, now
    await session.flush()
    return await current(session, account_id=staff.account_id)
