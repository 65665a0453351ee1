"""/contacts: owners, tenants and residents as master data."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, status
from sqlalchemy.ext.asyncio import AsyncSession

from hausportal.kit.auth import CurrentStaff
from hausportal.kit.db import SessionDep
from hausportal.kit.paging import Page, PageDep
from hausportal.portal.contacts import repository, service
from hausportal.portal.contacts.schemas import ContactIn, ContactOut, ContactPatch
from hausportal.portal.models import Contact
from hausportal.portal.registration import repository as logins

router = APIRouter(prefix="/contacts", tags=["contacts"])


def _out(contact: Contact, *, registered: bool) -> ContactOut:
    return ContactOut(
        id=contact.id,
        name=contact.name,
        email=contact.email,
        contact_number=contact.contact_number,
        street=contact.street,
        zip_code=contact.zip_code,
        city=contact.city,
        country=contact.country,
        preference=contact.preference,  # type: ignore[arg-type]
        archived=contact.archived,
        registered=registered,
    )


async def _one(session: AsyncSession, contact: Contact) -> ContactOut:
    return _out(contact, registered=await service.is_registered(session, contact=contact))


@router.post("", status_code=status.HTTP_201_CREATED, summary="Create a contact")
async def create_contact(session: SessionDep, staff: CurrentStaff, body: ContactIn) -> ContactOut:
    contact = await service.create_contact(
        session, account_id=staff.account_id, fields=body.model_dump()
    )
    return _out(contact, registered=False)


@router.get("", summary="Contacts, searched in name, e-mail, number and address")
async def list_contacts(
    session: SessionDep,
    staff: CurrentStaff,
    page: PageDep,
    q: Annotated[str | None, Query(max_length=200, description="Search words")] = None,
    property_id: Annotated[
        uuid.UUID | None, Query(description="Only contacts with a contract on this property")
    ] = None,
) -> Page[ContactOut]:
    items, total = await repository.search(
        session, account_id=staff.account_id, q=q, property_id=property_id, page=page
    )
    registered = await logins.registered_contact_ids(
        session, account_id=staff.account_id, contact_ids=[c.id for c in items]
    )
    return Page.of(
        [_out(c, registered=c.id in registered) for c in items], total=total, params=page
    )


@router.get("/{contact_id}", summary="One contact")
async def get_contact(
    session: SessionDep, staff: CurrentStaff, contact_id: uuid.UUID
) -> ContactOut:
    contact = await service.get_contact(session, account_id=staff.account_id, contact_id=contact_id)
    return await _one(session, contact)


@router.patch("/{contact_id}", summary="Change a contact")
async def update_contact(
    session: SessionDep, staff: CurrentStaff, contact_id: uuid.UUID, body: ContactPatch
) -> ContactOut:
    contact = await service.update_contact(
        session, account_id=staff.account_id, contact_id=contact_id, changes=body.changes()
    )
    return await _one(session, contact)


@router.delete(
    "/{contact_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Delete a contact with its contracts and portal login",
)
async def delete_contact(session: SessionDep, staff: CurrentStaff, contact_id: uuid.UUID) -> None:
    await service.delete_contact(session, account_id=staff.account_id, contact_id=contact_id)
