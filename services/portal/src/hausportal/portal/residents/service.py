"""Staff's view of a property's registered residents, and removing one."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from hausportal.kit.errors import NotFound
from hausportal.portal.auth import sessions
from hausportal.portal.contacts import repository as contacts
from hausportal.portal.contacts.service import publish_contact
from hausportal.portal.properties.service import get_property
from hausportal.portal.residents import repository


async def list_residents(
    session: AsyncSession, *, account_id: uuid.UUID, property_id: uuid.UUID
) -> list[tuple[uuid.UUID, str, datetime]]:
    prop = await get_property(session, account_id=account_id, property_id=property_id)
    return await repository.of_property(session, account_id=account_id, property_id=prop.id)


async def remove_resident(
    session: AsyncSession,
    *,
    account_id: uuid.UUID,
    property_id: uuid.UUID,
    contact_id: uuid.UUID,
    now: datetime,
) -> None:
    """The contact is no longer a resident of the property, at once for every service
    (ContactUpserted), and its login sessions end; it may still log in through a contract or
    another residency."""
    prop = await get_property(session, account_id=account_id, property_id=property_id)
    residency = await repository.get(
        session, account_id=account_id, property_id=prop.id, contact_id=contact_id
    )
    if residency is None:
        raise NotFound(
            "resident_not_found", "Diese Person ist kein registrierter Bewohner der Liegenschaft."
        )
    await session.delete(residency)
    await session.flush()
    await sessions.revoke_subject(
        session, account_id=account_id, subject_kind="contact", subject_id=contact_id, now=now
    )
    contact = await contacts.get(session, account_id=account_id, contact_id=contact_id)
    if contact is not None:
        await publish_contact(session, contact=contact)
