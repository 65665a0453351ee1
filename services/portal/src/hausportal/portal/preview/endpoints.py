"""/properties/{id}/preview: the read-only portal view of a property, as its people see it."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query

from hausportal.kit.auth import CurrentStaff
from hausportal.kit.clock import ClockDep, today
from hausportal.kit.db import SessionDep
from hausportal.portal.home.schemas import HomeOut
from hausportal.portal.preview import service
from hausportal.portal.preview.service import PreviewRole

router = APIRouter(tags=["portal preview"])


@router.get(
    "/properties/{property_id}/preview",
    summary="What a tenant, owner or resident of the property sees (messages, appointments, "
    "FAQ, contact persons; documents: /api/documents/preview)",
)
async def property_preview(
    session: SessionDep,
    staff: CurrentStaff,
    clock: ClockDep,
    property_id: uuid.UUID,
    role: Annotated[PreviewRole, Query(alias="as", description="tenant, owner or resident")],
    unit_id: Annotated[
        uuid.UUID | None, Query(description="A unit of the property (default: any)")
    ] = None,
    on: Annotated[date | None, Query(description="The day in question; default today")] = None,
) -> HomeOut:
    return await service.preview(
        session,
        account_id=staff.account_id,
        property_id=property_id,
        role=role,
        unit_id=unit_id,
        now=clock.now(),
        on=on or today(clock),
    )
