"""/my/home: a contact's start page; /my/announcements/.../attachments: their downloads."""

from __future__ import annotations

import uuid

from fastapi import APIRouter
from fastapi.responses import StreamingResponse

from hausportal.kit.app import StorageDep
from hausportal.kit.auth import CurrentContact
from hausportal.kit.clock import ClockDep, today
from hausportal.kit.db import SessionDep
from hausportal.kit.errors import NotFound
from hausportal.portal.announcements import repository as announcements
from hausportal.portal.announcements.download import ATTACHMENT_NOT_FOUND, attachment_response
from hausportal.portal.announcements.service import NOT_FOUND
from hausportal.portal.home import service, viewers
from hausportal.portal.home.schemas import HomeOut

router = APIRouter(prefix="/my", tags=["start page"])


@router.get(
    "/home",
    summary="The start page: messages, appointments, FAQ and contact persons the contact sees",
)
async def my_home(session: SessionDep, contact: CurrentContact, clock: ClockDep) -> HomeOut:
    viewer = await viewers.viewer_of(
        session, account_id=contact.account_id, contact_id=contact.subject_id
    )
    access = await viewers.access_of(session, account_id=contact.account_id)
    return await service.portal_view(
        session, viewer=viewer, access=access, now=clock.now(), on=today(clock)
    )


@router.get(
    "/announcements/{announcement_id}/attachments/{attachment_id}",
    summary="Download an attachment of a message or appointment the contact sees",
)
async def my_attachment(
    session: SessionDep,
    contact: CurrentContact,
    clock: ClockDep,
    storage: StorageDep,
    announcement_id: uuid.UUID,
    attachment_id: uuid.UUID,
) -> StreamingResponse:
    account_id = contact.account_id
    announcement = await announcements.get(
        session, account_id=account_id, announcement_id=announcement_id
    )
    viewer = await viewers.viewer_of(session, account_id=account_id, contact_id=contact.subject_id)
    access = await viewers.access_of(session, account_id=account_id)
    if announcement is None or not await service.is_visible(
        session, viewer=viewer, announcement=announcement, access=access, on=today(clock)
    ):
        raise NotFound("announcement_not_found", NOT_FOUND)
    attachment = await announcements.attachment(
        session, account_id=account_id, announcement_id=announcement.id, attachment_id=attachment_id
    )
    if attachment is None:
        raise ATTACHMENT_NOT_FOUND
    return await attachment_response(storage, attachment)
