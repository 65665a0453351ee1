"""/my/preferences (the contact's own) and /contacts/{id}/preferences (its staff)."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter

from hausportal.kit.auth import CurrentContact, CurrentStaff
from hausportal.kit.clock import ClockDep
from hausportal.kit.db import SessionDep
from hausportal.notify.contacts import ensure_contact
from hausportal.notify.preferences import service
from hausportal.notify.preferences.schemas import PreferencesIn, PreferencesOut

router = APIRouter(tags=["preferences"])


@router.get("/my/preferences", summary="The caller's own e-mail preferences (contacts)")
async def my_preferences(session: SessionDep, contact: CurrentContact) -> PreferencesOut:
    return await service.preferences_of(
        session, account_id=contact.account_id, contact_id=contact.subject_id
    )


@router.put("/my/preferences", summary="Choose how to hear of new documents (contacts)")
async def set_my_preferences(
    session: SessionDep, contact: CurrentContact, clock: ClockDep, body: PreferencesIn
) -> PreferencesOut:
    return await service.set_preferences(
        session,
        account_id=contact.account_id,
        contact_id=contact.subject_id,
        documents=body.documents,
        now=clock.now(),
    )


@router.get(
    "/contacts/{contact_id}/preferences",
    summary="A contact's e-mail preferences (staff of its account)",
    responses={404: {"description": "not_found"}},
)
async def contact_preferences(
    session: SessionDep, staff: CurrentStaff, contact_id: UUID
) -> PreferencesOut:
    await ensure_contact(session, account_id=staff.account_id, contact_id=contact_id)
    return await service.preferences_of(session, account_id=staff.account_id, contact_id=contact_id)


@router.put(
    "/contacts/{contact_id}/preferences",
    summary="Set a contact's e-mail preferences on its behalf (staff of its account)",
    responses={404: {"description": "not_found"}},
)
async def set_contact_preferences(
    session: SessionDep,
    staff: CurrentStaff,
    clock: ClockDep,
    contact_id: UUID,
    body: PreferencesIn,
) -> PreferencesOut:
    await ensure_contact(session, account_id=staff.account_id, contact_id=contact_id)
    return await service.set_preferences(
        session,
        account_id=staff.account_id,
        contact_id=contact_id,
        documents=body.documents,
        now=clock.now(),
        by_staff_id=staff.subject_id,
    )
