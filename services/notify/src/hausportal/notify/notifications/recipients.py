"""Who gets a notification: every contact who can see the item on the day and can get e-mail.

"Notifications go to everyone who can see the item" (DESIGN.md): the decision is the one of
``hausportal.kit.visibility``, asked through the read model of the directory.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from hausportal.contracts.directory import ContactPayload, StaffPayload
from hausportal.kit.visibility import SharedItem, may_log_in
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


async def who_may_log_in(
    session: AsyncSession, *, account_id: UUID, contact_ids: Iterable[UUID], on: date
) -> list[ContactPayload]:
    """Those of ``contact_ids`` who may use the portal on ``on`` (a ticket's reporter and
    linked contacts hear of it while they may log in), sorted by name."""
    contacts = await directory.contacts(session, account_id=account_id, contact_ids=contact_ids)
    if not contacts:
        return []
    access = await directory.access(session, account_id=account_id)
    allowed = []
    for contact_id, contact in contacts.items():
        viewer = await directory.viewer(session, account_id=account_id, contact_id=contact_id)
        if may_log_in(viewer, access=access, on=on):
            allowed.append(contact)
    return _by_name(allowed)


async def staff_with_mail(
    session: AsyncSession, *, account_id: UUID, staff_ids: Iterable[UUID]
) -> list[StaffPayload]:
    """The active staff members of ``staff_ids`` in the account, with an address."""
    wanted = set(staff_ids)
    if not wanted:
        return []
    members = await directory.staff_members(session, account_id=account_id)
    return [s for s in members if s.staff_id in wanted and s.active and s.email]
