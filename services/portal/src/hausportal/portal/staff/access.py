"""Admin-only endpoints: the token's role and the stored staff member must both say admin."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends

from hausportal.kit.auth import CurrentStaff, Principal, admin_only
from hausportal.kit.db import SessionDep
from hausportal.portal.accounts import repository as accounts


async def require_admin(session: SessionDep, staff: CurrentStaff) -> Principal:
    """403 in German for staff; checked against the database too, so a member demoted or
    deactivated a minute ago cannot use an older token for admin work."""
    member = await accounts.get_staff(
        session, account_id=staff.account_id, staff_id=staff.subject_id
    )
    if not staff.is_admin or member is None or not member.active or member.role != "admin":
        raise admin_only()
    return staff


CurrentAdmin = Annotated[Principal, Depends(require_admin)]
