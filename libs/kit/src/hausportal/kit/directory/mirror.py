"""A service's read model of the directory: kept current from portal events, asked for viewers.

Every consuming service (documents, notify, smartpost, tasks) keeps its own copy in its own
schema and decides visibility from it with ``hausportal.kit.visibility``:

    directory = DirectoryMirror(directory_tables(Base.metadata))
    directory.register(consumer)                       # handlers for every directory event
    viewer = await directory.viewer(session, account_id=..., contact_id=...)
    can_see(viewer, item, access=await directory.access(session, account_id=...), on=today)

Upserted events carry whole snapshots, so applying one replaces the row; a snapshot naming
another account than the row already has is ignored (an id never moves between accounts).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any
from uuid import UUID

from sqlalchemy import Table, delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from hausportal.contracts import directory as events
from hausportal.contracts.directory import (
    AccessWindows,
    ContactPayload,
    ContractRole,
    PostalAddress,
    Preference,
    PropertyPayload,
    StaffPayload,
    StaffRole,
    UnitPayload,
)
from hausportal.kit.db import upsert_insert
from hausportal.kit.directory.tables import DirectoryTables
from hausportal.kit.messaging import EventConsumer
from hausportal.kit.visibility import Contract, Decision, SharedItem, Viewer, can_see


class DirectoryMirror:
    def __init__(self, tables: DirectoryTables) -> None:
        self.tables = tables

    # --- keeping it current -------------------------------------------------------------

    def register(self, consumer: EventConsumer) -> None:
        """Handlers for every directory event on ``consumer`` (the service's only consumer)."""
        consumer.handler(events.AccountUpserted)(self._account_upserted)
        consumer.handler(events.StaffUpserted)(self._staff_upserted)
        consumer.handler(events.PropertyUpserted)(self._property_upserted)
        consumer.handler(events.PropertyDeleted)(self._property_deleted)
        consumer.handler(events.UnitUpserted)(self._unit_upserted)
        consumer.handler(events.UnitDeleted)(self._unit_deleted)
        consumer.handler(events.ContactUpserted)(self._contact_upserted)
        consumer.handler(events.ContactDeleted)(self._contact_deleted)
        consumer.handler(events.ContractUpserted)(self._contract_upserted)
        consumer.handler(events.ContractDeleted)(self._contract_deleted)

    async def _account_upserted(self, session: AsyncSession, event: events.AccountUpserted) -> None:
        p = event.payload
        await _replace(
            session,
            self.tables.account,
            key="account_id",
            account_id=event.account_id,
            row={
                "account_id": event.account_id,
                "name": p.name,
                "pre_contract_days": p.access.pre_contract_days,
                "post_contract_days": p.access.post_contract_days,
                "updated_at": event.occurred_at,
            },
        )

    async def _staff_upserted(self, session: AsyncSession, event: events.StaffUpserted) -> None:
        p = event.payload
        await _replace(
            session,
            self.tables.staff,
            key="staff_id",
            account_id=event.account_id,
            row={
                "staff_id": p.staff_id,
                "account_id": event.account_id,
                "name": p.name,
                "email": p.email,
                "role": p.role.value,
                "active": p.active,
            },
        )

    async def _property_upserted(
        self, session: AsyncSession, event: events.PropertyUpserted
    ) -> None:
        p = event.payload
        await _replace(
            session,
            self.tables.property,
            key="property_id",
            account_id=event.account_id,
            row={
                "property_id": p.property_id,
                "account_id": event.account_id,
                "name": p.name,
                **_address_row(p.address),
            },
        )

    async def _property_deleted(self, session: AsyncSession, event: events.PropertyDeleted) -> None:
        t, property_id, account_id = self.tables, event.payload.property_id, event.account_id
        # The portal also sends each unit's and contract's deletion; not relying on it keeps
        # a late or lost one from leaving a contract that still grants access.
        for table in (t.contract, t.unit, t.property):
            await session.execute(
                delete(table).where(
                    table.c.property_id == property_id, table.c.account_id == account_id
                )
            )

    async def _unit_upserted(self, session: AsyncSession, event: events.UnitUpserted) -> None:
        p = event.payload
        await _replace(
            session,
            self.tables.unit,
            key="unit_id",
            account_id=event.account_id,
            row={
                "unit_id": p.unit_id,
                "account_id": event.account_id,
                "property_id": p.property_id,
                "name": p.name,
            },
        )

    async def _unit_deleted(self, session: AsyncSession, event: events.UnitDeleted) -> None:
        t, unit_id, account_id = self.tables, event.payload.unit_id, event.account_id
        for table in (t.contract, t.unit):
            await session.execute(
                delete(table).where(table.c.unit_id == unit_id, table.c.account_id == account_id)
            )

    async def _contact_upserted(self, session: AsyncSession, event: events.ContactUpserted) -> None:
        p = event.payload
        await _replace(
            session,
            self.tables.contact,
            key="contact_id",
            account_id=event.account_id,
            row={
                "contact_id": p.contact_id,
                "account_id": event.account_id,
                "name": p.name,
                "email": p.email,
                "contact_number": p.contact_number,
                **_address_row(p.address),
                "preference": p.preference.value,
                "registered": p.registered,
                "resident_property_ids": sorted(str(i) for i in p.resident_property_ids),
                "archived": p.archived,
            },
        )

    async def _contact_deleted(self, session: AsyncSession, event: events.ContactDeleted) -> None:
        t, contact_id, account_id = self.tables, event.payload.contact_id, event.account_id
        for table in (t.contract, t.contact):
            await session.execute(
                delete(table).where(
                    table.c.contact_id == contact_id, table.c.account_id == account_id
                )
            )

    async def _contract_upserted(
        self, session: AsyncSession, event: events.ContractUpserted
    ) -> None:
        p = event.payload
        await _replace(
            session,
            self.tables.contract,
            key="contract_id",
            account_id=event.account_id,
            row={
                "contract_id": p.contract_id,
                "account_id": event.account_id,
                "contact_id": p.contact_id,
                "unit_id": p.unit_id,
                "property_id": p.property_id,
                "role": p.role.value,
                "start": p.start,
                "end": p.end,
            },
        )

    async def _contract_deleted(self, session: AsyncSession, event: events.ContractDeleted) -> None:
        table = self.tables.contract
        await session.execute(
            delete(table).where(
                table.c.contract_id == event.payload.contract_id,
                table.c.account_id == event.account_id,
            )
        )

    # --- asking it ----------------------------------------------------------------------

    async def access(self, session: AsyncSession, *, account_id: UUID) -> AccessWindows:
        """The account's access windows; both off until the account's event arrived."""
        table = self.tables.account
        row = (await session.execute(select(table).where(table.c.account_id == account_id))).first()
        if row is None:
            return AccessWindows()
        return AccessWindows(
            pre_contract_days=row.pre_contract_days, post_contract_days=row.post_contract_days
        )

    async def account_name(self, session: AsyncSession, *, account_id: UUID) -> str | None:
        table = self.tables.account
        return await session.scalar(select(table.c.name).where(table.c.account_id == account_id))

    async def property(
        self, session: AsyncSession, *, account_id: UUID, property_id: UUID
    ) -> PropertyPayload | None:
        table = self.tables.property
        row = (
            await session.execute(
                select(table).where(
                    table.c.property_id == property_id, table.c.account_id == account_id
                )
            )
        ).first()
        if row is None:
            return None
        return PropertyPayload(
            property_id=row.property_id, name=row.name, address=_address_of(row._mapping)
        )

    async def unit(
        self, session: AsyncSession, *, account_id: UUID, unit_id: UUID
    ) -> UnitPayload | None:
        table = self.tables.unit
        row = (
            await session.execute(
                select(table).where(table.c.unit_id == unit_id, table.c.account_id == account_id)
            )
        ).first()
        if row is None:
            return None
        return UnitPayload(unit_id=row.unit_id, property_id=row.property_id, name=row.name)

    async def contact(
        self, session: AsyncSession, *, account_id: UUID, contact_id: UUID
    ) -> ContactPayload | None:
        found = await self.contacts(session, account_id=account_id, contact_ids=[contact_id])
        return found.get(contact_id)

    async def contacts(
        self, session: AsyncSession, *, account_id: UUID, contact_ids: Iterable[UUID]
    ) -> dict[UUID, ContactPayload]:
        table = self.tables.contact
        ids = list(set(contact_ids))
        if not ids:
            return {}
        rows = await session.execute(
            select(table).where(table.c.account_id == account_id, table.c.contact_id.in_(ids))
        )
        return {row.contact_id: _contact_of(row._mapping) for row in rows}

    async def staff_members(self, session: AsyncSession, *, account_id: UUID) -> list[StaffPayload]:
        table = self.tables.staff
        rows = await session.execute(
            select(table).where(table.c.account_id == account_id).order_by(table.c.name)
        )
        return [
            StaffPayload(
                staff_id=row.staff_id,
                name=row.name,
                email=row.email,
                role=StaffRole(row.role),
                active=row.active,
            )
            for row in rows
        ]

    async def is_active_admin(
        self, session: AsyncSession, *, account_id: UUID, staff_id: UUID
    ) -> bool:
        """The staff member is (still) an active admin of the account: what an admin-only
        action checks on top of the token's role, which may be minutes old."""
        table = self.tables.staff
        row = (
            await session.execute(
                select(table.c.role, table.c.active).where(
                    table.c.account_id == account_id, table.c.staff_id == staff_id
                )
            )
        ).first()
        return row is not None and row.active and row.role == StaffRole.admin.value

    async def contracts(
        self, session: AsyncSession, *, account_id: UUID, contract_ids: Iterable[UUID]
    ) -> dict[UUID, Contract]:
        """Contracts by id, e.g. the ones a ``Decision`` names as granting access."""
        ids = list(set(contract_ids))
        if not ids:
            return {}
        table = self.tables.contract
        rows = await session.execute(
            select(table).where(table.c.account_id == account_id, table.c.contract_id.in_(ids))
        )
        return {row.contract_id: _contract_of(row._mapping) for row in rows}

    async def viewer(self, session: AsyncSession, *, account_id: UUID, contact_id: UUID) -> Viewer:
        """The contact as ``can_see`` needs it: its contracts and resident properties."""
        viewers = await self._viewers(session, account_id=account_id, contact_ids=[contact_id])
        return viewers.get(contact_id) or Viewer.contact(
            account_id=account_id, contact_id=contact_id
        )

    async def audience(
        self, session: AsyncSession, *, item: SharedItem, on: date
    ) -> list[tuple[ContactPayload, Decision]]:
        """Every contact who can see ``item`` on ``on``, with the reason: the candidates are the
        contacts with a contract on the item's property, its residents and its one contact."""
        account_id = item.account_id
        contract, contact = self.tables.contract, self.tables.contact
        candidates = set(
            await session.scalars(
                select(contract.c.contact_id).where(
                    contract.c.account_id == account_id,
                    contract.c.property_id == item.property_id,
                )
            )
        )
        if item.audience.contact_id is not None:
            candidates.add(item.audience.contact_id)
        resident_rows = await session.execute(
            select(contact.c.contact_id, contact.c.resident_property_ids).where(
                contact.c.account_id == account_id
            )
        )
        candidates |= {
            row.contact_id
            for row in resident_rows
            if str(item.property_id) in (row.resident_property_ids or ())
        }
        viewers = await self._viewers(session, account_id=account_id, contact_ids=candidates)
        contacts = await self.contacts(session, account_id=account_id, contact_ids=viewers)
        access = await self.access(session, account_id=account_id)
        seen: list[tuple[ContactPayload, Decision]] = []
        for contact_id, viewer in viewers.items():
            decision = can_see(viewer, item, access=access, on=on)
            if decision.visible and contact_id in contacts:
                seen.append((contacts[contact_id], decision))
        return sorted(seen, key=lambda pair: (pair[0].name, str(pair[0].contact_id)))

    async def _viewers(
        self, session: AsyncSession, *, account_id: UUID, contact_ids: Iterable[UUID]
    ) -> dict[UUID, Viewer]:
        ids = list(set(contact_ids))
        if not ids:
            return {}
        contract, contact = self.tables.contract, self.tables.contact
        contact_rows = (
            await session.execute(
                select(contact.c.contact_id, contact.c.resident_property_ids).where(
                    contact.c.account_id == account_id, contact.c.contact_id.in_(ids)
                )
            )
        ).all()
        contract_rows = (
            await session.execute(
                select(contract).where(
                    contract.c.account_id == account_id, contract.c.contact_id.in_(ids)
                )
            )
        ).all()
        contracts: dict[UUID, list[Contract]] = {}
        for row in contract_rows:
            contracts.setdefault(row.contact_id, []).append(_contract_of(row._mapping))
        # A contract may arrive before its contact's snapshot: it still counts.
        residents = {row.contact_id: row.resident_property_ids or () for row in contact_rows}
        return {
            contact_id: Viewer.contact(
                account_id=account_id,
                contact_id=contact_id,
                contracts=contracts.get(contact_id, ()),
                resident_property_ids=(UUID(i) for i in residents.get(contact_id, ())),
            )
            for contact_id in ids
            if contact_id in residents or contact_id in contracts
        }


def _address_row(address: PostalAddress) -> dict[str, Any]:
    return {
        "street": address.street,
        "zip_code": address.zip_code,
        "city": address.city,
        "country": address.country,
    }


def _address_of(row: Mapping[str, Any]) -> PostalAddress:
    return PostalAddress(
        street=row["street"], zip_code=row["zip_code"], city=row["city"], country=row["country"]
    )


def _contract_of(row: Mapping[str, Any]) -> Contract:
    return Contract(
        contract_id=row["contract_id"],
        contact_id=row["contact_id"],
        unit_id=row["unit_id"],
        property_id=row["property_id"],
        role=ContractRole(row["role"]),
        start=row["start"],
        end=row["end"],
    )


def _contact_of(row: Mapping[str, Any]) -> ContactPayload:
    return ContactPayload(
        contact_id=row["contact_id"],
        name=row["name"],
        email=row["email"],
        contact_number=row["contact_number"],
        address=_address_of(row),
        preference=Preference(row["preference"]),
        registered=row["registered"],
        resident_property_ids=tuple(UUID(i) for i in row["resident_property_ids"] or ()),
        archived=row["archived"],
    )


async def _replace(
    session: AsyncSession, table: Table, *, key: str, account_id: UUID, row: dict[str, Any]
) -> None:
    """Insert the snapshot, or overwrite the row of the same id and account."""
    statement = upsert_insert(session)(table).values(row)
    statement = statement.on_conflict_do_update(
        index_elements=[table.c[key]],
        set_={name: statement.excluded[name] for name in row if name != key},
        # An id that already belongs to another account is never taken over.
        where=table.c.account_id == account_id
        if "account_id" in table.c and key != "account_id"
        else None,
    )
    await session.execute(statement)
