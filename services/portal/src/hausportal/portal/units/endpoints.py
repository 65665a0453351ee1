"""/units and /properties/{id}/units: the units of the account's properties."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, status

from hausportal.kit.auth import CurrentStaff
from hausportal.kit.db import SessionDep
from hausportal.kit.paging import Page, PageDep
from hausportal.portal.properties.service import get_property
from hausportal.portal.units import repository, service
from hausportal.portal.units.schemas import UnitIn, UnitOut, UnitPatch

router = APIRouter(tags=["units"])


@router.post(
    "/properties/{property_id}/units",
    status_code=status.HTTP_201_CREATED,
    summary="Add a unit to a property",
)
async def create_unit(
    session: SessionDep, staff: CurrentStaff, property_id: uuid.UUID, body: UnitIn
) -> UnitOut:
    prop = await get_property(session, account_id=staff.account_id, property_id=property_id)
    unit = await service.create_unit(
        session, account_id=staff.account_id, property_id=prop.id, name=body.name
    )
    return UnitOut.model_validate(unit)


@router.get("/units", summary="Units, of one property or all, searched by name")
async def list_units(
    session: SessionDep,
    staff: CurrentStaff,
    page: PageDep,
    property_id: uuid.UUID | None = None,
    q: Annotated[str | None, Query(max_length=200, description="Search words")] = None,
) -> Page[UnitOut]:
    items, total = await repository.search(
        session, account_id=staff.account_id, property_id=property_id, q=q, page=page
    )
    return Page.of([UnitOut.model_validate(u) for u in items], total=total, params=page)


@router.get("/units/{unit_id}", summary="One unit")
async def get_unit(session: SessionDep, staff: CurrentStaff, unit_id: uuid.UUID) -> UnitOut:
    unit = await service.get_unit(session, account_id=staff.account_id, unit_id=unit_id)
    return UnitOut.model_validate(unit)


@router.patch("/units/{unit_id}", summary="Rename a unit")
async def update_unit(
    session: SessionDep, staff: CurrentStaff, unit_id: uuid.UUID, body: UnitPatch
) -> UnitOut:
    if body.name is None:
        unit = await service.get_unit(session, account_id=staff.account_id, unit_id=unit_id)
    else:
        unit = await service.rename_unit(
            session, account_id=staff.account_id, unit_id=unit_id, name=body.name
        )
    return UnitOut.model_validate(unit)


@router.delete(
    "/units/{unit_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Delete a unit (with cascade=true also its contracts)",
)
async def delete_unit(
    session: SessionDep,
    staff: CurrentStaff,
    unit_id: uuid.UUID,
    cascade: Annotated[bool, Query(description="Also delete the unit's contracts")] = False,
) -> None:
    await service.delete_unit(
        session, account_id=staff.account_id, unit_id=unit_id, cascade=cascade
    )
