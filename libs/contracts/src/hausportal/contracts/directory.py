"""Directory events of the portal service: the master data every other service mirrors.

Every ``...Upserted`` event carries the entity's whole current state (a snapshot), so a read
model applies it by replacing its row; ``...Deleted`` removes it. One account's events are
ordered (they share the Kafka key), so the last snapshot a consumer applied is the current one.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Literal
from uuid import UUID

from pydantic import Field, model_validator

from hausportal.contracts.envelope import Event, Payload


class ContractRole(StrEnum):
    owner = "owner"  # Eigentümer
    tenant = "tenant"  # Mieter


class Preference(StrEnum):
    """How a contact wants to receive letters: in the portal only, or on paper too."""

    online = "online"
    letter = "letter"


class StaffRole(StrEnum):
    admin = "admin"
    staff = "staff"


class AccessWindows(Payload):
    """Account settings "Rollen & Zugriffsrechte": portal access around a contract.

    ``None`` means switched off: no access before the contract starts / after it ends.
    """

    pre_contract_days: int | None = Field(default=None, ge=0)
    post_contract_days: int | None = Field(default=None, ge=0)


class Branding(Payload):
    """Account settings "Erscheinungsbild": how the account's e-mails (and portal) look.

    ``None``: not chosen, the portal's default.
    """

    # An http(s) address of the logo image, shown at the top of every e-mail.
    logo_url: str | None = Field(default=None, max_length=1000)
    # The primary colour as #rrggbb.
    primary_color: str | None = Field(default=None, pattern=r"^#[0-9a-fA-F]{6}$")


class AccountPayload(Payload):
    account_id: UUID
    name: str
    access: AccessWindows = AccessWindows()
    branding: Branding = Branding()


class AccountUpserted(Event):
    """An account (management company) was created or its name or settings changed."""

    type: Literal["portal.account.upserted"] = "portal.account.upserted"
    version: Literal[1] = 1
    payload: AccountPayload


class StaffPayload(Payload):
    staff_id: UUID
    name: str
    # Validated where it is entered (portal); consumers must not reject an event over it.
    email: str
    role: StaffRole
    active: bool = True


class StaffUpserted(Event):
    type: Literal["portal.staff.upserted"] = "portal.staff.upserted"
    version: Literal[1] = 1
    payload: StaffPayload


class PostalAddress(Payload):
    street: str | None = None
    zip_code: str | None = None
    city: str | None = None
    # ISO 3166-1 alpha-2; letters abroad must carry the country.
    country: str = "DE"


class PropertyPayload(Payload):
    property_id: UUID
    name: str
    address: PostalAddress = PostalAddress()


class PropertyUpserted(Event):
    type: Literal["portal.property.upserted"] = "portal.property.upserted"
    version: Literal[1] = 1
    payload: PropertyPayload


class PropertyRef(Payload):
    property_id: UUID


class PropertyDeleted(Event):
    """The property is gone, with its units and their contracts (each also gets its event)."""

    type: Literal["portal.property.deleted"] = "portal.property.deleted"
    version: Literal[1] = 1
    payload: PropertyRef


class UnitPayload(Payload):
    unit_id: UUID
    property_id: UUID
    # What the manager calls it: "WE 03", "2. OG links", "Garage 4".
    name: str


class UnitUpserted(Event):
    type: Literal["portal.unit.upserted"] = "portal.unit.upserted"
    version: Literal[1] = 1
    payload: UnitPayload


class UnitRef(Payload):
    unit_id: UUID
    property_id: UUID


class UnitDeleted(Event):
    type: Literal["portal.unit.deleted"] = "portal.unit.deleted"
    version: Literal[1] = 1
    payload: UnitRef


class ContactPayload(Payload):
    contact_id: UUID
    # As printed on letters: "Erika Mustermann", "Müller GmbH".
    name: str
    email: str | None = None
    # The manager's own number for the contact (from their ERP), printed on letters.
    contact_number: str | None = None
    address: PostalAddress = PostalAddress()
    preference: Preference = Preference.online
    # Has a portal login (registered through an invitation or a property link).
    registered: bool = False
    # Properties the contact registered for as a resident (Bewohner), without a contract.
    resident_property_ids: tuple[UUID, ...] = ()
    archived: bool = False


class ContactUpserted(Event):
    type: Literal["portal.contact.upserted"] = "portal.contact.upserted"
    version: Literal[1] = 1
    payload: ContactPayload


class ContactRef(Payload):
    contact_id: UUID


class ContactDeleted(Event):
    type: Literal["portal.contact.deleted"] = "portal.contact.deleted"
    version: Literal[1] = 1
    payload: ContactRef


class ContractPayload(Payload):
    contract_id: UUID
    contact_id: UUID
    unit_id: UUID
    property_id: UUID
    role: ContractRole
    start: date
    # None: open-ended. Inclusive: the contract is active on its last day.
    end: date | None = None

    @model_validator(mode="after")
    def _ends_after_start(self) -> ContractPayload:
        if self.end is not None and self.end < self.start:
            raise ValueError("a contract cannot end before it starts")
        return self


class ContractUpserted(Event):
    type: Literal["portal.contract.upserted"] = "portal.contract.upserted"
    version: Literal[1] = 1
    payload: ContractPayload


class ContractRef(Payload):
    contract_id: UUID


class ContractDeleted(Event):
    type: Literal["portal.contract.deleted"] = "portal.contract.deleted"
    version: Literal[1] = 1
    payload: ContractRef
