"""Creating, changing and deleting contacts, each with its directory event."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from hausportal.kit.errors import Conflict, NotFound
from hausportal.portal import events
from hausportal.portal.contacts import repository
from hausportal.portal.contracts import repository as contracts
from hausportal.portal.contracts.service import delete_contracts
from hausportal.portal.models import Contact
from hausportal.portal.registration import repository as logins

NOT_FOUND = "Der Kontakt wurde nicht gefunden."


async def get_contact(
    session: AsyncSession, *, account_id: uuid.UUID, contact_id: uuid.UUID
) -> Contact:
    contact = await repository.get(session, account_id=account_id, contact_id=contact_id)
    if contact is None:
        raise NotFound("contact_not_found", NOT_FOUND)
    return contact


async def is_registered(session: AsyncSession, *, contact: Contact) -> bool:
    ids = await logins.registered_contact_ids(
        session, account_id=contact.account_id, contact_ids=[contact.id]
    )
    return contact.id in ids


async def publish_contact(session: AsyncSession, *, contact: Contact) -> bool:
    """ContactUpserted with the contact's current state (login, residencies); returns whether
    it is registered."""
    access = (
        await logins.portal_access(session, account_id=contact.account_id, contact_ids=[contact.id])
    )[contact.id]
    await events.publish(session, events.contact_upserted(contact, **access.event_fields()))
    return access.registered


async def _ensure_number_free(
    session: AsyncSession, *, account_id: uuid.UUID, number: str | None, own_id: uuid.UUID | None
) -> None:
    if number is None:
        return
    holder = await repository.with_number(session, account_id=account_id, contact_number=number)
    if holder is not None and holder.id != own_id:
        raise Conflict(
            "contact_number_taken",
            f"Die Kontaktnummer {number} ist schon an „{holder.name}“ vergeben.",
            contact_number=number,
        )


async def create_contact(
    session: AsyncSession, *, account_id: uuid.UUID, fields: dict[str, Any]
) -> Contact:
    await _ensure_number_free(
        session, account_id=account_id, number=fields.get("contact_number"), own_id=None
    )
    contact = Contact(account_id=account_id, **_stored(fields))
    session.add(contact)
    await session.flush()
    await publish_contact(session, contact=contact)
    return contact


async def update_contact(
    session: AsyncSession, *, account_id: uuid.UUID, contact_id: uuid.UUID, changes: dict[str, Any]
) -> Contact:
    contact = await get_contact(session, account_id=account_id, contact_id=contact_id)
    if "contact_number" in changes:
        await _ensure_number_free(
            session, account_id=account_id, number=changes["contact_number"], own_id=contact.id
        )
    for field, value in _stored(changes).items():
        setattr(contact, field, value)
    await session.flush()
    await publish_contact(session, contact=contact)
    return contact


def _stored(fields: dict[str, Any]) -> dict[str, Any]:
    # Enums as their plain values; e-mail as the string the staff typed.
    return {
        name: (str(value) if name in {"preference", "email"} and value is not None else value)
        for name, value in fields.items()
    }


async def delete_contact(
    session: AsyncSession, *, account_id: uuid.UUID, contact_id: uuid.UUID
) -> None:
    """The contact with its contracts (ContractDeleted each), portal login and invitations."""
    contact = await get_contact(session, account_id=account_id, contact_id=contact_id)
    await delete_contracts(
        session,
        contracts=await contracts.of_contact(session, account_id=account_id, contact_id=contact_id),
    )
    await logins.delete_for_contact(session, account_id=account_id, contact_id=contact_id)
    await session.delete(contact)
    await session.flush()
    await events.publish(session, events.contact_deleted(contact))
