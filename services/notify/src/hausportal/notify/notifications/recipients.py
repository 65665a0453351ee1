"""Who gets a notification: every contact who can see the item on the day and can get e-mail.

"Notifications go to everyone who can see the item" (DESIGN.md): the decision is the one of
``hausportal.kit.visibility``, asked through the read model of the directory.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import date
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from hausportal.contracts.directory import ContactPayload
from hausportal.contracts.documents import Audience
from hausportal.kit.visibility import SharedItem, Viewer, can_see
from hausportal.notify.models import directory

# Individual sharing does not look at the item's property (a contact sees what is shared
# with it while it may log in); a SharedItem needs one all the same.
_ANY_PROPERTY = uuid.UUID(int=0)


def reachable(contacts: Iterable[ContactPayload]) -> list[ContactPayload]:
    """Those who can get e-mail: registered, with an address. Unregistered contacts get post
    instead; archived ones nothing."""
    return [c for c in contacts if c.registered and c.email and not c.archived]


async def who_can_see(
    session: AsyncSession, *, items: Iterable[SharedItem], on: date
) -> list[ContactPayload]:
    """Everyone who can see any of ``items`` on ``on``, each once, sorted by name."""
    seen: dict[UUID, ContactPayload] = {}
    for item in items:
        for contact, _decision in await directory.audience(session, item=item, on=on):
            seen.setdefault(contact.contact_id, contact)
    return _by_name(seen.values())


async def named_contacts_who_can_see(
    session: AsyncSession, *, account_id: UUID, contact_ids: Iterable[UUID], on: date
) -> list[ContactPayload]:
    """Of these contacts, those who can see what is shared with them individually on ``on``:
    while one of their contracts is in its access window, or they are residents."""
    access = await directory.access(session, account_id=account_id)
    visible: list[UUID] = []
    for contact_id in dict.fromkeys(contact_ids):
        viewer = await directory.viewer(session, account_id=account_id, contact_id=contact_id)
        item = SharedItem(
            account_id=account_id,
            property_id=_a_property_of(viewer),
            unit_id=None,
            audience=Audience(contact_id=contact_id),
        )
        if can_see(viewer, item, access=access, on=on):
            visible.append(contact_id)
    contacts = await directory.contacts(session, account_id=account_id, contact_ids=visible)
    return _by_name(contacts.values())


def _a_property_of(viewer: Viewer) -> UUID:
    if viewer.contracts:
        return viewer.contracts[0].property_id
    return min(viewer.resident_property_ids, default=_ANY_PROPERTY)


def _by_name(contacts: Iterable[ContactPayload]) -> list[ContactPayload]:
    return sorted(contacts, key=lambda c: (c.name, str(c.contact_id)))
