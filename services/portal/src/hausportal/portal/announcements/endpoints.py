"""Staff routes of messages (/messages) and appointments (/appointments, /announcements)."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query, Request, status
from fastapi.responses import StreamingResponse

from hausportal.kit.app import StorageDep
from hausportal.kit.auth import CurrentStaff
from hausportal.kit.clock import ClockDep, today
from hausportal.kit.db import SessionDep
from hausportal.kit.paging import Page, PageDep
from hausportal.portal.announcements import audience, repository, service, views
from hausportal.portal.announcements.download import ATTACHMENT_NOT_FOUND, attachment_response
from hausportal.portal.announcements.schemas import (
    AnnouncementOut,
    AnnouncementPatch,
    AppointmentIn,
    AudienceOut,
    MessageIn,
)
from hausportal.portal.announcements.submission import request_body, submission
from hausportal.portal.deps import SettingsDep

router = APIRouter(tags=["messages and appointments"])

_UPLOAD_ERRORS = {
    404: {"description": "A property or contact does not exist"},
    413: {"description": "An attachment is too large (the message names it)"},
    422: {"description": "Invalid input, an empty attachment, no recipients"},
}


async def _publish(
    request: Request,
    *,
    model: type[MessageIn],
    session: SessionDep,
    staff: CurrentStaff,
    storage: StorageDep,
    settings: SettingsDep,
    clock: ClockDep,
) -> AnnouncementOut:
    async with submission(request, model) as (body, uploads):
        announcement = await service.publish(
            session,
            storage=storage,
            account_id=staff.account_id,
            staff_id=staff.subject_id,
            body=body,
            uploads=uploads,
            max_bytes=settings.announcement_attachment_max_bytes,
            now=clock.now(),
        )
    return await views.one(session, announcement)


@router.post(
    "/messages",
    status_code=status.HTTP_201_CREATED,
    summary="Publish a message (JSON, or multipart: JSON part `data` and `files`)",
    openapi_extra=request_body(MessageIn),
    responses=_UPLOAD_ERRORS,
)
async def publish_message(
    request: Request,
    session: SessionDep,
    staff: CurrentStaff,
    storage: StorageDep,
    settings: SettingsDep,
    clock: ClockDep,
) -> AnnouncementOut:
    return await _publish(
        request,
        model=MessageIn,
        session=session,
        staff=staff,
        storage=storage,
        settings=settings,
        clock=clock,
    )


@router.post(
    "/appointments",
    status_code=status.HTTP_201_CREATED,
    summary="Publish an appointment (JSON, or multipart: JSON part `data` and `files`)",
    openapi_extra=request_body(AppointmentIn),
    responses=_UPLOAD_ERRORS,
)
async def publish_appointment(
    request: Request,
    session: SessionDep,
    staff: CurrentStaff,
    storage: StorageDep,
    settings: SettingsDep,
    clock: ClockDep,
) -> AnnouncementOut:
    return await _publish(
        request,
        model=AppointmentIn,
        session=session,
        staff=staff,
        storage=storage,
        settings=settings,
        clock=clock,
    )


PropertyFilter = Annotated[uuid.UUID | None, Query(description="Only those to this property")]


@router.get("/messages", summary="Messages, newest first")
async def list_messages(
    session: SessionDep, staff: CurrentStaff, page: PageDep, property_id: PropertyFilter = None
) -> Page[AnnouncementOut]:
    items, total = await repository.search(
        session,
        account_id=staff.account_id,
        kind="message",
        property_id=property_id,
        upcoming_from=None,
        page=page,
    )
    return Page.of(await views.described(session, items), total=total, params=page)


@router.get("/appointments", summary="Appointments: latest first, or upcoming ones soonest first")
async def list_appointments(
    session: SessionDep,
    staff: CurrentStaff,
    clock: ClockDep,
    page: PageDep,
    property_id: PropertyFilter = None,
    upcoming: Annotated[bool, Query(description="Only those not over yet")] = False,
) -> Page[AnnouncementOut]:
    items, total = await repository.search(
        session,
        account_id=staff.account_id,
        kind="appointment",
        property_id=property_id,
        upcoming_from=clock.now() if upcoming else None,
        page=page,
    )
    return Page.of(await views.described(session, items), total=total, params=page)


@router.get("/announcements/{announcement_id}", summary="One message or appointment")
async def get_announcement(
    session: SessionDep, staff: CurrentStaff, announcement_id: uuid.UUID
) -> AnnouncementOut:
    announcement = await service.get_announcement(
        session, account_id=staff.account_id, announcement_id=announcement_id
    )
    return await views.one(session, announcement)


@router.patch(
    "/announcements/{announcement_id}",
    summary="Change a message or appointment (nobody is notified again)",
)
async def update_announcement(
    session: SessionDep,
    staff: CurrentStaff,
    clock: ClockDep,
    announcement_id: uuid.UUID,
    body: AnnouncementPatch,
) -> AnnouncementOut:
    announcement = await service.update(
        session,
        account_id=staff.account_id,
        announcement_id=announcement_id,
        patch=body,
        now=clock.now(),
    )
    return await views.one(session, announcement)


@router.delete(
    "/announcements/{announcement_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Withdraw a message or appointment from every start page",
)
async def delete_announcement(
    session: SessionDep, staff: CurrentStaff, clock: ClockDep, announcement_id: uuid.UUID
) -> None:
    await service.withdraw(
        session, account_id=staff.account_id, announcement_id=announcement_id, now=clock.now()
    )


@router.get(
    "/announcements/{announcement_id}/attachments/{attachment_id}",
    summary="Download an attachment",
)
async def download_attachment(
    session: SessionDep,
    staff: CurrentStaff,
    storage: StorageDep,
    announcement_id: uuid.UUID,
    attachment_id: uuid.UUID,
) -> StreamingResponse:
    await service.get_announcement(
        session, account_id=staff.account_id, announcement_id=announcement_id
    )
    attachment = await repository.attachment(
        session,
        account_id=staff.account_id,
        announcement_id=announcement_id,
        attachment_id=attachment_id,
    )
    if attachment is None:
        raise ATTACHMENT_NOT_FOUND
    return await attachment_response(storage, attachment)


@router.get(
    "/announcements/{announcement_id}/audience",
    summary="Who can see it (on a day), and why",
)
async def announcement_audience(
    session: SessionDep,
    staff: CurrentStaff,
    clock: ClockDep,
    announcement_id: uuid.UUID,
    on: Annotated[date | None, Query(description="The day in question; default today")] = None,
) -> AudienceOut:
    day = on or today(clock)
    contacts = await audience.audience(
        session, account_id=staff.account_id, announcement_id=announcement_id, on=day
    )
    return AudienceOut(announcement_id=announcement_id, on=day, contacts=contacts)
