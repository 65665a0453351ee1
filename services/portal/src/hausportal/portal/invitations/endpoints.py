"""Invitations: a contact's code, a property's invite link with QR code and notice, e-mails."""

from __future__ import annotations

import uuid
from datetime import timedelta

from fastapi import APIRouter, Response, status
from sqlalchemy.ext.asyncio import AsyncSession

from hausportal.kit.auth import CurrentStaff
from hausportal.kit.clock import ClockDep
from hausportal.kit.db import SessionDep
from hausportal.portal.accounts.service import get_account
from hausportal.portal.deps import SettingsDep
from hausportal.portal.invitations import links, notice, service
from hausportal.portal.invitations.schemas import (
    ContactInvitationIn,
    ContactInvitationOut,
    InviteLinkOut,
    PropertyInvitationsIn,
    PropertyInvitationsOut,
)
from hausportal.portal.models import PropertyInviteLink
from hausportal.portal.properties.service import get_property
from hausportal.portal.settings import PortalSettings

router = APIRouter(tags=["invitations"])

# A rotated link must not live on in a cache.
_NO_STORE = {"Cache-Control": "no-store"}


@router.post(
    "/contacts/{contact_id}/invitations",
    status_code=status.HTTP_201_CREATED,
    summary="Invite a contact: a one-time code, e-mailed if wanted; replaces an earlier code",
    responses={
        409: {"description": "contact_already_registered, contact_outside_access_window"},
    },
)
async def invite_contact(
    session: SessionDep,
    staff: CurrentStaff,
    settings: SettingsDep,
    clock: ClockDep,
    contact_id: uuid.UUID,
    body: ContactInvitationIn | None = None,
) -> ContactInvitationOut:
    body = body or ContactInvitationIn()
    issued = await service.invite_contact(
        session,
        account_id=staff.account_id,
        contact_id=contact_id,
        invited_by=staff.subject_id,
        send_email=body.send_email,
        email=str(body.email) if body.email else None,
        now=clock.now(),
        valid_for=timedelta(days=settings.invitation_days),
        portal_url=settings.portal_url,
    )
    assert issued.invitation.expires_at is not None
    return ContactInvitationOut(
        id=issued.invitation.id,
        code=issued.code,
        link=issued.link,
        expires_at=issued.invitation.expires_at,
        sent_to=issued.sent_to,
    )


def _link_out(link: PropertyInviteLink, settings: PortalSettings) -> InviteLinkOut:
    return InviteLinkOut(
        link=links.property_registration(settings.portal_url, token=link.token),
        token=link.token,
        created_at=link.created_at,
    )


@router.post(
    "/properties/{property_id}/invite-link",
    status_code=status.HTTP_201_CREATED,
    summary="Create the property's invite link, or replace it (the old one stops working)",
)
async def rotate_invite_link(
    session: SessionDep,
    staff: CurrentStaff,
    settings: SettingsDep,
    clock: ClockDep,
    property_id: uuid.UUID,
) -> InviteLinkOut:
    link = await service.rotate_link(
        session,
        account_id=staff.account_id,
        property_id=property_id,
        created_by=staff.subject_id,
        now=clock.now(),
    )
    return _link_out(link, settings)


@router.get(
    "/properties/{property_id}/invite-link",
    summary="The property's invite link",
    responses={404: {"description": "property_not_found, invite_link_missing"}},
)
async def get_invite_link(
    session: SessionDep, staff: CurrentStaff, settings: SettingsDep, property_id: uuid.UUID
) -> InviteLinkOut:
    link = await service.current_link(session, account_id=staff.account_id, property_id=property_id)
    return _link_out(link, settings)


async def _link_url(
    session: AsyncSession, *, account_id: uuid.UUID, property_id: uuid.UUID, portal_url: str
) -> str:
    link = await service.current_link(session, account_id=account_id, property_id=property_id)
    return links.property_registration(portal_url, token=link.token)


@router.get(
    "/properties/{property_id}/invite-link/qr.png",
    summary="The invite link as a QR code (PNG)",
    response_class=Response,
    responses={200: {"content": {"image/png": {}}}},
)
async def invite_link_png(
    session: SessionDep, staff: CurrentStaff, settings: SettingsDep, property_id: uuid.UUID
) -> Response:
    url = await _link_url(
        session,
        account_id=staff.account_id,
        property_id=property_id,
        portal_url=settings.portal_url,
    )
    return Response(notice.qr_png(url), media_type="image/png", headers=_NO_STORE)


@router.get(
    "/properties/{property_id}/invite-link/qr.svg",
    summary="The invite link as a QR code (SVG)",
    response_class=Response,
    responses={200: {"content": {"image/svg+xml": {}}}},
)
async def invite_link_svg(
    session: SessionDep, staff: CurrentStaff, settings: SettingsDep, property_id: uuid.UUID
) -> Response:
    url = await _link_url(
        session,
        account_id=staff.account_id,
        property_id=property_id,
        portal_url=settings.portal_url,
    )
    return Response(notice.qr_svg(url), media_type="image/svg+xml", headers=_NO_STORE)


@router.get(
    "/properties/{property_id}/invite-link/notice.pdf",
    summary="An A4 notice for the hallway: the property, a short text and the QR code",
    response_class=Response,
    responses={200: {"content": {"application/pdf": {}}}},
)
async def invite_link_notice(
    session: SessionDep, staff: CurrentStaff, settings: SettingsDep, property_id: uuid.UUID
) -> Response:
    prop = await get_property(session, account_id=staff.account_id, property_id=property_id)
    url = await _link_url(
        session, account_id=staff.account_id, property_id=prop.id, portal_url=settings.portal_url
    )
    account = await get_account(session, account_id=staff.account_id)
    place = " ".join(part for part in (prop.zip_code, prop.city) if part)
    address = ", ".join(part for part in (prop.street, place) if part) or None
    pdf = notice.notice_pdf(
        notice.NoticeText(
            property_name=prop.name, address=address, account_name=account.name, link=url
        )
    )
    return Response(
        pdf,
        media_type="application/pdf",
        headers=_NO_STORE | {"Content-Disposition": 'inline; filename="aushang-einladung.pdf"'},
    )


@router.post(
    "/properties/{property_id}/invitations",
    summary="E-mail the property's invite link to a pasted list of addresses",
)
async def invite_to_property(
    session: SessionDep,
    staff: CurrentStaff,
    settings: SettingsDep,
    clock: ClockDep,
    property_id: uuid.UUID,
    body: PropertyInvitationsIn,
) -> PropertyInvitationsOut:
    report = await service.invite_to_property(
        session,
        account_id=staff.account_id,
        property_id=property_id,
        pasted=body.emails,
        text=body.text,
        invited_by=staff.subject_id,
        now=clock.now(),
        portal_url=settings.portal_url,
    )
    return PropertyInvitationsOut(
        sent=report.valid, invalid=report.invalid, duplicates=report.duplicates
    )
