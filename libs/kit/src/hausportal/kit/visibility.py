"""Who may see what: the one pure function every service asks (DESIGN.md, "Who may see what").

Nothing here reads a database or a clock. Callers load the viewer's contracts and residencies
from their read model of the directory events, take the account's access windows from the same
read model, and pass the day in question (``berlin_today()`` for "now").

The rules:

- Staff see everything of their own account, internal items included; nobody sees anything of
  another account.
- Group sharing (owners, tenants of a property or a unit) reaches contacts with a contract of
  that role that is *active* on the day, on that unit or, for a property item, on any unit of
  the property. Residents (Bewohner) of a property item reach its registered residents; a unit
  item has no residents (residents belong to a property, not to a unit).
- Individual sharing reaches that one contact while it may log in: one of its contracts is in
  its access window, or it is a registered resident of a property.
- Internal items reach staff only.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import StrEnum
from uuid import UUID
from zoneinfo import ZoneInfo

from hausportal.contracts.directory import AccessWindows, ContractRole
from hausportal.contracts.documents import Audience, Group

BERLIN = ZoneInfo("Europe/Berlin")

_ROLE_OF_GROUP = {Group.owners: ContractRole.owner, Group.tenants: ContractRole.tenant}


def berlin_today(now: datetime | None = None) -> date:
    """The calendar day in Germany, which contract dates refer to."""
    return (now or datetime.now(BERLIN)).astimezone(BERLIN).date()


@dataclass(frozen=True, slots=True, kw_only=True)
class Contract:
    """A contact's contract on a unit (owner or tenant), as the directory events describe it."""

    contract_id: UUID
    contact_id: UUID
    unit_id: UUID
    property_id: UUID
    role: ContractRole
    start: date
    end: date | None = None  # None: open-ended; otherwise the last day of the contract

    def is_active(self, *, on: date) -> bool:
        return self.start <= on and (self.end is None or on <= self.end)

    def in_access_window(self, *, on: date, access: AccessWindows) -> bool:
        """Active, or within the account's pre-/post-contract access days around it."""
        first = self.start
        if access.pre_contract_days is not None:
            first = self.start - timedelta(days=access.pre_contract_days)
        if on < first:
            return False
        if self.end is None:
            return True
        last = self.end
        if access.post_contract_days is not None:
            last = self.end + timedelta(days=access.post_contract_days)
        return on <= last


@dataclass(frozen=True, slots=True, kw_only=True)
class Viewer:
    """Who is asking. Staff need no contracts; a contact brings its contracts and residencies."""

    account_id: UUID
    is_staff: bool = False
    contact_id: UUID | None = None
    contracts: Sequence[Contract] = ()
    # Properties the contact registered for as a resident through the property's invite link.
    resident_property_ids: frozenset[UUID] = field(default_factory=frozenset)

    @classmethod
    def staff(cls, *, account_id: UUID) -> Viewer:
        return cls(account_id=account_id, is_staff=True)

    @classmethod
    def contact(
        cls,
        *,
        account_id: UUID,
        contact_id: UUID,
        contracts: Iterable[Contract] = (),
        resident_property_ids: Iterable[UUID] = (),
    ) -> Viewer:
        own = tuple(c for c in contracts if c.contact_id == contact_id)
        return cls(
            account_id=account_id,
            contact_id=contact_id,
            contracts=own,
            resident_property_ids=frozenset(resident_property_ids),
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class SharedItem:
    """Something shared: a document, a letter, a message or appointment of one property."""

    account_id: UUID
    audience: Audience
    # The property (and unit) a group share is of; an individual share may name none.
    property_id: UUID | None = None
    unit_id: UUID | None = None  # None: the whole property

    def __post_init__(self) -> None:
        if self.audience.groups and self.property_id is None:
            raise ValueError("a document shared with groups belongs to a property")
        if self.unit_id is not None and self.property_id is None:
            raise ValueError("a unit belongs to a property")


class Reason(StrEnum):
    # Visible because ...
    staff = "staff"
    contract = "contract"  # an active contract of a shared role on the item's property/unit
    resident = "resident"  # a registered resident of the item's property, residents shared
    individual = "individual"  # shared with this contact, who may log in
    # Not visible because ...
    other_account = "other_account"
    internal = "internal"
    no_matching_contract = "no_matching_contract"
    not_the_contact = "not_the_contact"
    no_portal_access = "no_portal_access"  # shared with this contact, outside every window


@dataclass(frozen=True, slots=True)
class Decision:
    visible: bool
    reason: Reason
    # The contract that grants it (group sharing) or keeps the door open (individual sharing).
    contract_id: UUID | None = None

    def __bool__(self) -> bool:
        return self.visible


def may_log_in(viewer: Viewer, *, access: AccessWindows, on: date) -> Decision:
    """Whether a contact may use the portal on ``on`` (and why)."""
    if viewer.is_staff:
        return Decision(True, Reason.staff)
    for contract in _ordered(viewer.contracts):
        if contract.in_access_window(on=on, access=access):
            return Decision(True, Reason.contract, contract.contract_id)
    if viewer.resident_property_ids:
        return Decision(True, Reason.resident)
    return Decision(False, Reason.no_portal_access)


def can_see(viewer: Viewer, item: SharedItem, *, access: AccessWindows, on: date) -> Decision:
    """THE decision: may ``viewer`` see ``item`` on day ``on``, and why (not)."""
    if viewer.account_id != item.account_id:
        return Decision(False, Reason.other_account)
    if viewer.is_staff:
        return Decision(True, Reason.staff)
    audience = item.audience
    if audience.internal:
        return Decision(False, Reason.internal)
    if audience.contact_id is not None:
        if audience.contact_id != viewer.contact_id:
            return Decision(False, Reason.not_the_contact)
        login = may_log_in(viewer, access=access, on=on)
        if not login:
            return login
        return Decision(True, Reason.individual, login.contract_id)
    return _group_decision(viewer, item, audience.groups, on=on)


def _group_decision(
    viewer: Viewer, item: SharedItem, groups: frozenset[Group], *, on: date
) -> Decision:
    roles = {_ROLE_OF_GROUP[group] for group in groups if group in _ROLE_OF_GROUP}
    for contract in _ordered(viewer.contracts):
        if (
            contract.role in roles
            and contract.property_id == item.property_id
            and (item.unit_id is None or contract.unit_id == item.unit_id)
            and contract.is_active(on=on)
        ):
            return Decision(True, Reason.contract, contract.contract_id)
    if (
        Group.residents in groups
        and item.unit_id is None
        and item.property_id in viewer.resident_property_ids
    ):
        return Decision(True, Reason.resident)
    return Decision(False, Reason.no_matching_contract)


def audience_of(
    item: SharedItem, viewers: Iterable[Viewer], *, access: AccessWindows, on: date
) -> list[tuple[Viewer, Decision]]:
    """The viewers (contacts) who can see ``item`` on ``on``, each with the reason."""
    decided = ((viewer, can_see(viewer, item, access=access, on=on)) for viewer in viewers)
    return [(viewer, decision) for viewer, decision in decided if decision.visible]


def _ordered(contracts: Sequence[Contract]) -> list[Contract]:
    # A stable choice of the granting contract, whatever order the read model returned.
    return sorted(contracts, key=lambda c: (c.start, str(c.contract_id)))
