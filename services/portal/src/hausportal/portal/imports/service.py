"""Applying import rows: match or create property, unit, contact and contract, row by row.

A row is checked completely before it changes anything, so a bad row is reported and skipped
while every other row goes through. New rows are inserted table by table at the end and every
created or changed entity gets one directory event.
"""

from __future__ import annotations

import uuid
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from hausportal.contracts.envelope import Event
from hausportal.portal import events
from hausportal.portal.imports.matching import Known, fold, load_known
from hausportal.portal.imports.reader import Sheet
from hausportal.portal.imports.rows import ImportRow, Layout, RejectedRow, parse_row
from hausportal.portal.imports.schemas import ImportReport, RowReport, RowStatus
from hausportal.portal.models import Contact, Contract, Property, Unit
from hausportal.portal.registration import repository as logins


class Ambiguous(Exception):
    """The row could mean several existing entries; the manager must say which."""


@dataclass
class Changes:
    """What the import creates (inserted in this order) and which entities changed."""

    new: dict[type, list[Any]] = field(
        default_factory=lambda: {Property: [], Unit: [], Contact: [], Contract: []}
    )
    touched: dict[type, dict[uuid.UUID, Any]] = field(
        default_factory=lambda: {Property: {}, Unit: {}, Contact: {}, Contract: {}}
    )

    def created(self, entity: Any) -> None:
        self.new[type(entity)].append(entity)
        self.touched[type(entity)][entity.id] = entity

    def changed(self, entity: Any) -> None:
        self.touched[type(entity)][entity.id] = entity


async def import_sheet(
    session: AsyncSession, *, account_id: uuid.UUID, sheet: Sheet
) -> ImportReport:
    layout = Layout(sheet.header)
    known = await load_known(session, account_id=account_id)
    changes = Changes()
    reports: list[RowReport] = []
    for number, cells in sheet.rows:
        row = parse_row(layout, number, cells)
        if isinstance(row, RejectedRow):
            reports.append(RowReport(row=number, status="rejected", reasons=row.reasons))
            continue
        try:
            status = _apply(row, account_id=account_id, known=known, changes=changes)
        except Ambiguous as ambiguous:
            reports.append(RowReport(row=number, status="rejected", reasons=[str(ambiguous)]))
            continue
        reports.append(RowReport(row=number, status=status))
    await _store(session, account_id=account_id, changes=changes)
    counts = Counter(report.status for report in reports)
    return ImportReport(
        created=counts["created"],
        updated=counts["updated"],
        unchanged=counts["unchanged"],
        rejected=counts["rejected"],
        rows=reports,
        ignored_columns=layout.ignored,
    )


def _apply(row: ImportRow, *, account_id: uuid.UUID, known: Known, changes: Changes) -> RowStatus:
    # Look everything up first: an ambiguous row must not change anything.
    prop = _find_property(row, known)
    contact = _find_contact(row, known)
    changed = False

    if prop is None:
        prop = Property(
            id=uuid.uuid4(),
            account_id=account_id,
            name=row.property_name,
            street=row.property_street,
            zip_code=row.property_zip,
            city=row.property_city,
            country="DE",
        )
        known.add_property(prop)
        changes.created(prop)
    elif _update(
        prop, street=row.property_street, zip_code=row.property_zip, city=row.property_city
    ):
        changes.changed(prop)
        changed = True

    unit = known.units.get((prop.id, fold(row.unit_name)))
    if unit is None:
        unit = Unit(id=uuid.uuid4(), account_id=account_id, property_id=prop.id, name=row.unit_name)
        known.add_unit(unit)
        changes.created(unit)

    if contact is None:
        contact = Contact(
            id=uuid.uuid4(),
            account_id=account_id,
            name=row.contact_name,
            email=row.contact_email,
            contact_number=row.contact_number,
            street=row.contact_street,
            zip_code=row.contact_zip,
            city=row.contact_city,
            country=row.contact_country or "DE",
            preference=row.preference or "online",
            archived=False,
        )
        known.add_contact(contact)
        changes.created(contact)
    elif _update(
        contact,
        name=row.contact_name,
        email=row.contact_email,
        contact_number=row.contact_number,
        street=row.contact_street,
        zip_code=row.contact_zip,
        city=row.contact_city,
        country=row.contact_country,
        preference=row.preference,
    ):
        known.add_contact(contact)
        changes.changed(contact)
        changed = True

    key = (contact.id, unit.id, row.role, row.start)
    contract = known.contracts.get(key)
    if contract is None:
        contract = Contract(
            id=uuid.uuid4(),
            account_id=account_id,
            contact_id=contact.id,
            unit_id=unit.id,
            property_id=prop.id,
            role=row.role,
            start=row.start,
            end=row.end,
        )
        known.add_contract(contract)
        changes.created(contract)
        return "created"
    if contract.end != row.end:
        # A row states the whole contract: an empty end means open-ended.
        contract.end = row.end
        changes.changed(contract)
        changed = True
    return "updated" if changed else "unchanged"


def _find_property(row: ImportRow, known: Known) -> Property | None:
    candidates = known.properties.get(fold(row.property_name), [])
    if row.property_street:
        same_street = [p for p in candidates if fold(p.street) == fold(row.property_street)]
        if same_street:
            return same_street[0]
        without_street = [p for p in candidates if not p.street]
        return without_street[0] if len(without_street) == 1 else None
    if len(candidates) > 1:
        raise Ambiguous(
            f"Es gibt mehrere Objekte „{row.property_name}“. Bitte geben Sie die Objekt-Straße an."
        )
    return candidates[0] if candidates else None


def _find_contact(row: ImportRow, known: Known) -> Contact | None:
    if row.contact_number:
        by_number = known.contacts_by_number.get(row.contact_number)
        if by_number is not None:
            return by_number
        if not row.contact_email:
            return None
    candidates = known.contacts_by_name.get((fold(row.contact_name), fold(row.contact_email)), [])
    if row.contact_number:
        # The same person imported before without a number gets it now.
        candidates = [c for c in candidates if not c.contact_number]
    if len(candidates) > 1:
        raise Ambiguous(
            f"Es gibt mehrere Kontakte „{row.contact_name}“ mit dieser E-Mail-Adresse. "
            "Bitte geben Sie die Kontaktnummer an."
        )
    return candidates[0] if candidates else None


def _update(entity: Any, **values: str | None) -> bool:
    """Sets the given (non-empty) values that differ; empty cells keep what is stored."""
    changed = False
    for name, value in values.items():
        if value is not None and getattr(entity, name) != value:
            setattr(entity, name, value)
            changed = True
    return changed


async def _store(session: AsyncSession, *, account_id: uuid.UUID, changes: Changes) -> None:
    # Parents before children: one flush per table keeps the foreign keys satisfied.
    for new in changes.new.values():
        session.add_all(new)
        await session.flush()
    touched_contacts = changes.touched[Contact]
    access = await logins.portal_access(
        session, account_id=account_id, contact_ids=list(touched_contacts)
    )
    to_publish: list[Event] = [
        *(events.property_upserted(p) for p in changes.touched[Property].values()),
        *(events.unit_upserted(u) for u in changes.touched[Unit].values()),
        *(
            events.contact_upserted(c, **access[c.id].event_fields())
            for c in touched_contacts.values()
        ),
        *(events.contract_upserted(c) for c in changes.touched[Contract].values()),
    ]
    await events.publish(session, *to_publish)
