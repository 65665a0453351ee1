"""Who may see a ticket and who may report one, asked of ``hausportal.kit.visibility`` only.

A ticket is shared individually with its reporter and each linked contact (they see it while
they may log in, in or out of contract) and is otherwise internal (staff of the account).
Reporting for a property or unit needs what a group share of it with owners, tenants and
residents needs: an active contract there, or being a registered resident of the property.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from sqlalchemy.ext.asyncio import AsyncSession

from hausportal.contracts.directory import AccessWindows
from hausportal.contracts.documents import Audience, Group
from hausportal.kit.auth import Principal
from hausportal.kit.visibility import SharedItem, Viewer, can_see
from hausportal.tasks.models import Ticket, directory


def shared_items(ticket: Ticket, *, linked: Iterable[uuid.UUID]) -> list[SharedItem]:
    """The ticket as shares: staff only, plus one individual share per contact of it."""
    contacts = dict.fromkeys(c for c in (ticket.reporter_contact_id, *linked) if c is not None)
    return [
        SharedItem(
            account_id=ticket.account_id,
            property_id=ticket.property_id,
            unit_id=ticket.unit_id,
            audience=audience,
        )
        for audience in (
            Audience(internal=True),
            *(Audience(contact_id=contact_id) for contact_id in contacts),
        )
    ]


@dataclass(frozen=True)
class Sight:
    """A caller's view on one day: who it is and the account's access windows."""

    viewer: Viewer
    access: AccessWindows
    on: date

    def sees(self, ticket: Ticket, *, linked: Iterable[uuid.UUID]) -> bool:
        return any(
            can_see(self.viewer, item, access=self.access, on=self.on)
            for item in shared_items(ticket, linked=linked)
        )

    def may_report_for(self, *, property_id: uuid.UUID, unit_id: uuid.UUID | None) -> bool:
        item = SharedItem(
            account_id=self.viewer.account_id,
            property_id=property_id,
            unit_id=unit_id,
            audience=Audience(groups=frozenset(Group)),
        )
        return can_see(self.viewer, item, access=self.access, on=self.on).visible


async def sight_of(session: AsyncSession, *, principal: Principal, on: date) -> Sight:
    account_id = principal.account_id
    if principal.is_staff:
        viewer = Viewer.staff(account_id=account_id)
    else:
        viewer = await directory.viewer(
            session, account_id=account_id, contact_id=principal.subject_id
        )
    access = await directory.access(session, account_id=account_id)
    return Sight(viewer=viewer, access=access, on=on)
