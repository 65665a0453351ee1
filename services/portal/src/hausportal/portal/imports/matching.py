"""What the account already has, indexed the way import rows are matched against it."""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy.ext.asyncio import AsyncSession

from hausportal.portal.contacts import repository as contacts
from hausportal.portal.contracts import repository as contracts
from hausportal.portal.models import Contact, Contract, Property, Unit
from hausportal.portal.properties import repository as properties
from hausportal.portal.units import repository as units


def fold(value: str | None) -> str:
    return (value or "").casefold()


ContractKey = tuple[uuid.UUID, uuid.UUID, str, date]


@dataclass
class Known:
    """Properties by name, units by (property, name), contacts by number and by name+e-mail,
    contracts by (contact, unit, role, start); what the import creates is added as it goes."""

    properties: dict[str, list[Property]] = field(default_factory=lambda: defaultdict(list))
    units: dict[tuple[uuid.UUID, str], Unit] = field(default_factory=dict)
    contacts_by_number: dict[str, Contact] = field(default_factory=dict)
    contacts_by_name: dict[tuple[str, str], list[Contact]] = field(
        default_factory=lambda: defaultdict(list)
    )
    contracts: dict[ContractKey, Contract] = field(default_factory=dict)

    def add_property(self, prop: Property) -> None:
        self.properties[fold(prop.name)].append(prop)

    def add_unit(self, unit: Unit) -> None:
        self.units.setdefault((unit.property_id, fold(unit.name)), unit)

    def add_contact(self, contact: Contact) -> None:
        if contact.contact_number:
            self.contacts_by_number[contact.contact_number] = contact
        self.contacts_by_name[(fold(contact.name), fold(contact.email))].append(contact)

    def add_contract(self, contract: Contract) -> None:
        key = (contract.contact_id, contract.unit_id, contract.role, contract.start)
        self.contracts.setdefault(key, contract)


async def load_known(session: AsyncSession, *, account_id: uuid.UUID) -> Known:
    """Four queries, whatever the file's size."""
    known = Known()
    for prop in await properties.all_of_account(session, account_id=account_id):
        known.add_property(prop)
    for unit in await units.all_of_account(session, account_id=account_id):
        known.add_unit(unit)
    for contact in await contacts.all_of_account(session, account_id=account_id):
        known.add_contact(contact)
    for contract in await contracts.all_of_account(session, account_id=account_id):
        known.add_contract(contract)
    return known
