"""Who can see a message or appointment on a day, and why: the kit's can_see over every
candidate (contacts with contracts on its properties, their residents, the named contacts)."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Literal, cast

from sqlalchemy.ext.asyncio import AsyncSession

from hausportal.portal.announcements import repository
from hausportal.portal.announcements.schemas import AudienceEntry
from hausportal.portal.announcements.service import get_announcement
from hausportal.portal.home import repository as people
from hausportal.portal.home import residents, sharing, viewers
from hausportal.portal.registration import repository as logins

Why = Literal["contract", "resident", "individual"]


async def audience(
    session: AsyncSession, *, account_id: uuid.UUID, announcement_id: uuid.UUID, on: date
) -> list[AudienceEntry]:
    announcement = await get_announcement(
        session, account_id=account_id, announcement_id=announcement_id
    )
    properties, contacts = await repository.targets(session, announcement_ids=[announcement.id])
    property_ids = properties.get(announcement.id, [])
    contact_ids = contacts.get(announcement.id, [])
    candidates = (
        set(contact_ids)
        | await people.contact_ids_with_contracts_on(
            session, account_id=account_id, property_ids=property_ids
        )
        | await residents.residents_of_properties(
            session, account_id=account_id, property_ids=property_ids
        )
    )
    items = sharing.items_of(
        account_id=account_id, property_ids=property_ids, contact_ids=contact_ids
    )
    access = await viewers.access_of(session, account_id=account_id)
    by_contact = await viewers.viewers_of(session, account_id=account_id, contact_ids=candidates)
    registered = await logins.registered_contact_ids(
        session, account_id=account_id, contact_ids=list(candidates)
    )
    entries = []
    for contact in await people.contacts(session, account_id=account_id, contact_ids=candidates):
        decision = sharing.decide(by_contact[contact.id], items, access=access, on=on)
        if decision:
            entries.append(
                AudienceEntry(
                    contact_id=contact.id,
                    name=contact.name,
                    reason=cast(Why, decision.reason.value),
                    contract_id=decision.contract_id,
                    registered=contact.id in registered,
                )
            )
    return sorted(entries, key=lambda e: (e.name.casefold(), str(e.contact_id)))
