"""Who gets a notification: every contact who can see the item on the day and can get e-mail.

"Notifications go to everyone who can see the item" (DESIGN.md): the decision is the one of
``hausportal.kit.visibility``, asked through the read model of the directory.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from hausportal.contracts.directory import ContactPayload
from hausportal.kit.visibility import SharedItem
from hausportal.notify.models import directory


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


def _by_name(contacts: Iterable[ContactPayload]) -> list[ContactPayload]:
    return sorted(contacts, key=lambda c: (c.name, str(c.contact_id)))
