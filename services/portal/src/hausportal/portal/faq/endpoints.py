"""/properties/{id}/faq and /properties/{id}/contact-persons: shown to the property's residents."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, status

from hausportal.kit.auth import CurrentStaff
from hausportal.kit.clock import ClockDep
from hausportal.kit.db import SessionDep
from hausportal.kit.paging import Page, PageDep
from hausportal.portal.faq import repository, service
from hausportal.portal.faq.schemas import (
    ContactPersonIn,
    ContactPersonOut,
    ContactPersonPatch,
    FaqIn,
    FaqOut,
    FaqPatch,
)
from hausportal.portal.models import ContactPerson, FaqEntry
from hausportal.portal.properties.service import get_property

router = APIRouter(prefix="/properties/{property_id}", tags=["FAQ and contact persons"])


@router.post("/faq", status_code=status.HTTP_201_CREATED, summary="Add a question and answer")
async def create_faq_entry(
    session: SessionDep, staff: CurrentStaff, clock: ClockDep, property_id: uuid.UUID, body: FaqIn
) -> FaqOut:
    entry = await service.create_entry(
        session,
        FaqEntry,
        account_id=staff.account_id,
        property_id=property_id,
        fields=body.model_dump(),
        now=clock.now(),
    )
    return FaqOut.model_validate(entry)


@router.get("/faq", summary="The property's questions and answers, in their order")
async def list_faq_entries(
    session: SessionDep, staff: CurrentStaff, page: PageDep, property_id: uuid.UUID
) -> Page[FaqOut]:
    await get_property(session, account_id=staff.account_id, property_id=property_id)
    items, total = await repository.of_property(
        session, FaqEntry, account_id=staff.account_id, property_id=property_id, page=page
    )
    return Page.of([FaqOut.model_validate(e) for e in items], total=total, params=page)


@router.patch("/faq/{entry_id}", summary="Change a question and answer")
async def update_faq_entry(
    session: SessionDep,
    staff: CurrentStaff,
    property_id: uuid.UUID,
    entry_id: uuid.UUID,
    body: FaqPatch,
) -> FaqOut:
    entry = await service.update_entry(
        session,
        FaqEntry,
        account_id=staff.account_id,
        property_id=property_id,
        entry_id=entry_id,
        changes=body.changes(),
    )
    return FaqOut.model_validate(entry)


@router.delete(
    "/faq/{entry_id}", status_code=status.HTTP_204_NO_CONTENT, summary="Remove a question"
)
async def delete_faq_entry(
    session: SessionDep, staff: CurrentStaff, property_id: uuid.UUID, entry_id: uuid.UUID
) -> None:
    await service.delete_entry(
        session, FaqEntry, account_id=staff.account_id, property_id=property_id, entry_id=entry_id
    )


@router.post(
    "/contact-persons", status_code=status.HTTP_201_CREATED, summary="Add a contact person"
)
async def create_contact_person(
    session: SessionDep,
    staff: CurrentStaff,
    clock: ClockDep,
    property_id: uuid.UUID,
    body: ContactPersonIn,
) -> ContactPersonOut:
    person = await service.create_entry(
        session,
        ContactPerson,
        account_id=staff.account_id,
        property_id=property_id,
        fields=body.model_dump(),
        now=clock.now(),
    )
    return ContactPersonOut.model_validate(person)


@router.get("/contact-persons", summary="The property's contact persons, in their order")
async def list_contact_persons(
    session: SessionDep, staff: CurrentStaff, page: PageDep, property_id: uuid.UUID
) -> Page[ContactPersonOut]:
    await get_property(session, account_id=staff.account_id, property_id=property_id)
    items, total = await repository.of_property(
        session, ContactPerson, account_id=staff.account_id, property_id=property_id, page=page
    )
    return Page.of([ContactPersonOut.model_validate(p) for p in items], total=total, params=page)


@router.patch("/contact-persons/{person_id}", summary="Change a contact person")
async def update_contact_person(
    session: SessionDep,
    staff: CurrentStaff,
    property_id: uuid.UUID,
    person_id: uuid.UUID,
    body: ContactPersonPatch,
) -> ContactPersonOut:
    person = await service.update_entry(
        session,
        ContactPerson,
        account_id=staff.account_id,
        property_id=property_id,
        entry_id=person_id,
        changes=body.changes(),
    )
    return ContactPersonOut.model_validate(person)


@router.delete(
    "/contact-persons/{person_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Remove a contact person",
)
async def delete_contact_person(
    session: SessionDep, staff: CurrentStaff, property_id: uuid.UUID, person_id: uuid.UUID
) -> None:
    await service.delete_entry(
        session,
        ContactPerson,
        account_id=staff.account_id,
        property_id=property_id,
        entry_id=person_id,
    )
