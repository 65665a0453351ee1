"""What goes with a deleted property: its invite links, invitations and residencies."""

from __future__ import annotations

import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from hausportal.portal.contacts import repository as contacts
from hausportal.portal.contacts.service import publish_contact
from hausportal.portal.invitations import repository as invitations
from hausportal.portal.residents import repository


async def forget_property(
    session: AsyncSession, *, account_id: uuid.UUID, property_id: uuid.UUID
) -> None:
    """Before a property is deleted: its invite links and invitations go, its residents stop
    being residents of it (ContactUpserted each)."""
    await invitations.delete_for_property(session, account_id=account_id, property_id=property_id)
    former = await repository.delete_for_property(
        session, account_id=account_id, property_id=property_id
    )
    await session.flush()
    for contact_id in former:
        contact = await contacts.get(session, account_id=account_id, contact_id=contact_id)
        if contact is not None:
            await publish_contact(session, contact=contact)
