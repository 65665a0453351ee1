"""/properties: the account's properties (Liegenschaften)."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, File, Query, UploadFile, status
from fastapi.responses import StreamingResponse

from hausportal.kit.app import StorageDep
from hausportal.kit.auth import CurrentStaff
from hausportal.kit.db import SessionDep
from hausportal.kit.paging import Page, PageDep
from hausportal.portal.deps import SettingsDep
from hausportal.portal.properties import image, repository, service
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
    storage: StorageDep,
    property_id: uuid.UUID,
    cascade: Annotated[bool, Query(description="Also delete the units' contracts")] = False,
) -> None:
    prop = await service.get_property(session, account_id=staff.account_id, property_id=property_id)
    picture = prop.image_key
    await service.delete_property(
        session, account_id=staff.account_id, property_id=property_id, cascade=cascade
    )
    if picture is not None:
        await storage.delete(picture)


@router.put(
    "/{property_id}/image",
    summary="Upload the property's picture (JPEG, PNG or WebP), replacing the old one",
    responses={413: {"description": "Too large"}, 415: {"description": "Not an image"}},
)
async def put_property_image(
    session: SessionDep,
    staff: CurrentStaff,
    storage: StorageDep,
    settings: SettingsDep,
    property_id: uuid.UUID,
    file: Annotated[UploadFile, File(description="JPEG, PNG or WebP")],
) -> PropertyOut:
    prop = await image.set_image(
        session,
        storage=storage,
        account_id=staff.account_id,
        property_id=property_id,
        upload=file,
        max_bytes=settings.property_image_max_bytes,
    )
    return PropertyOut.model_validate(prop)


@router.get("/{property_id}/image", summary="The property's picture")
async def get_property_image(
    session: SessionDep, staff: CurrentStaff, storage: StorageDep, property_id: uuid.UUID
) -> StreamingResponse:
    info, content = await image.open_image(
        session, storage=storage, account_id=staff.account_id, property_id=property_id
    )
    headers = {"Content-Length": str(info.size), "Cache-Control": "private, max-age=300"}
    return StreamingResponse(content, media_type=info.content_type, headers=headers)


@router.delete(
    "/{property_id}/image",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Remove the property's picture",
)
async def delete_property_image(
    session: SessionDep, staff: CurrentStaff, storage: StorageDep, property_id: uuid.UUID
) -> None:
    await image.remove_image(
        session, storage=storage, account_id=staff.account_id, property_id=property_id
    )
