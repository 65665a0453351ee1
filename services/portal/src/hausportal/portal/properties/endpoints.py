"""/properties: the account's properties (Liegenschaften)."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, status

from hausportal.kit.auth import CurrentStaff
from hausportal.kit.db import SessionDep
from hausportal.kit.paging import Page, PageDep
from hausportal.portal.properties import repository, service
from hausportal.portal.properties.schemas import PropertyIn, PropertyOut, PropertyPatch

router = APIRouter(prefix="/properties", tags=["properties"])


@router.post("", status_code=status.HTTP_201_CREATED, summary="Create a property")
async def create_property(
    session: SessionDep, staff: CurrentStaff, body: PropertyIn
) -> PropertyOut:
    prop = await service.create_property(session, account_id=staff.account_id, **body.model_dump())
    return PropertyOut.model_validate(prop)


@router.get("", summary="Properties, searched in name, street, ZIP code and city")
async def list_properties(
    session: SessionDep,
    staff: CurrentStaff,
    page: PageDep,
    q: Annotated[str | None, Query(max_length=200, description="Search words")] = None,
) -> Page[PropertyOut]:
    items, total = await repository.search(session, account_id=staff.account_id, q=q, page=page)
    return Page.of([PropertyOut.model_validate(p) for p in items], total=total, params=page)


@router.get("/{property_id}", summary="One property")
async def get_property(
    session: SessionDep, staff: CurrentStaff, property_id: uuid.UUID
) -> PropertyOut:
    prop = await service.get_property(session, account_id=staff.account_id, property_id=property_id)
    return PropertyOut.model_validate(prop)


@router.patch("/{property_id}", summary="Change a property")
async def update_property(
    session: SessionDep, staff: CurrentStaff, property_id: uuid.UUID, body: PropertyPatch
) -> PropertyOut:
    prop = await service.update_property(
        session, account_id=staff.account_id, property_id=property_id, changes=body.changes()
    )
    return PropertyOut.model_validate(prop)


@router.delete(
    "/{property_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Delete a property and its units (with cascade=true also their contracts)",
)
async def delete_property(
    session: SessionDep,
    staff: CurrentStaff,
    property_id: uuid.UUID,
    cascade: Annotated[bool, Query(description="Also delete the units' contracts")] = False,
) -> None:
    await service.delete_property(
        session, account_id=staff.account_id, property_id=property_id, cascade=cascade
    )
