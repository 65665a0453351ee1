"""/properties/{id}/residents: registered residents, by the name they chose."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Response, status

from hausportal.kit.auth import CurrentStaff
from hausportal.kit.clock import ClockDep
from hausportal.kit.db import SessionDep
from hausportal.portal.residents import service
from hausportal.portal.residents.schemas import ResidentOut

router = APIRouter(prefix="/properties/{property_id}/residents", tags=["residents"])


@router.get("", summary="The property's registered residents (display name, never the e-mail)")
async def list_residents(
    session: SessionDep, staff: CurrentStaff, property_id: uuid.UUID
) -> list[ResidentOut]:
    rows = await service.list_residents(
        session, account_id=staff.account_id, property_id=property_id
    )
    return [
        ResidentOut(contact_id=contact_id, display_name=name, registered_at=registered_at)
        for contact_id, name, registered_at in rows
    ]


@router.delete(
    "/{contact_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Remove a registered resident: their access through this property ends at once",
    responses={404: {"description": "property_not_found, resident_not_found"}},
)
async def remove_resident(
    session: SessionDep,
    staff: CurrentStaff,
    clock: ClockDep,
    property_id: uuid.UUID,
    contact_id: uuid.UUID,
) -> Response:
    await service.remove_resident(
        session,
        account_id=staff.account_id,
        property_id=property_id,
        contact_id=contact_id,
        now=clock.now(),
    )
    return Response(status_code=status.HTTP_204_NO_CONTENT)
