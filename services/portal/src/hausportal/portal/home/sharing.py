"""What the portal shares, as the kit's visibility function sees it (SharedItem per target)."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from datetime import date

from hausportal.contracts.directory import AccessWindows
from hausportal.contracts.documents import Audience, Group
from hausportal.kit.visibility import Decision, Reason, SharedItem, Viewer, can_see

# Everyone of a property: owners and tenants with an active contract, registered residents.
EVERYONE = Audience(groups=frozenset({Group.owners, Group.tenants, Group.residents}))


def property_item(*, account_id: uuid.UUID, property_id: uuid.UUID) -> SharedItem:
    """What is shared with a whole property (messages to it, its FAQ and contact persons)."""
    return SharedItem(
        account_id=account_id, property_id=property_id, unit_id=None, audience=EVERYONE
    )


def contact_item(*, account_id: uuid.UUID, contact_id: uuid.UUID) -> SharedItem:
    # A message to named contacts belongs to no property.
    return SharedItem(account_id=account_id, audience=Audience(contact_id=contact_id))


def items_of(
    *, account_id: uuid.UUID, property_ids: Iterable[uuid.UUID], contact_ids: Iterable[uuid.UUID]
) -> list[SharedItem]:
    """One item per target: properties first (in id order), then the named contacts."""
    return [
        *(property_item(account_id=account_id, property_id=p) for p in sorted(property_ids)),
        *(contact_item(account_id=account_id, contact_id=c) for c in sorted(contact_ids)),
    ]


def decide(
    viewer: Viewer, items: Sequence[SharedItem], *, access: AccessWindows, on: date
) -> Decision:
    """Visible if any target grants it; the first grant is the reason."""
    refusal = Decision(False, Reason.no_matching_contract)
    for item in items:
        decision = can_see(viewer, item, access=access, on=on)
        if decision:
            return decision
        refusal = decision
    return refusal
