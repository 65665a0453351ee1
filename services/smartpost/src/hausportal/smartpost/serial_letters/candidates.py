"""The engine's candidates for a split, read from the smartpost service's directory mirror."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from hausportal.smartpost.engine import CandidateContact, CandidateContract
from hausportal.smartpost.models import directory


async def candidates(
    session: AsyncSession,
    *,
    account_id: uuid.UUID,
    on: date,
    contract_days: int,
) -> list[CandidateContact]:
    """Every contact of the account with its contracts that are in force on ``on``, start
    later, or ended at most ``contract_days`` before (the engine narrows them to the serial
    letter's property and recipient circle). Archived contacts are included; the engine only
    assigns them when asked."""
    tables = directory.tables
    contact, contract, unit, property_ = (
        tables.contact,
        tables.contract,
        tables.unit,
        tables.property,
    )
    since = on - timedelta(days=contract_days)
    rows = await session.execute(
        select(
            contract.c.contract_id,
            contract.c.contact_id,
            contract.c.unit_id,
            contract.c.property_id,
            contract.c.role,
            unit.c.name.label("unit_name"),
            property_.c.name.label("property_name"),
        )
        .select_from(contract)
        .outerjoin(unit, unit.c.unit_id == contract.c.unit_id)
        .outerjoin(property_, property_.c.property_id == contract.c.property_id)
        .where(
            contract.c.account_id == account_id,
            or_(contract.c.end.is_(None), contract.c.end >= since),
        )
        .order_by(contract.c.start, contract.c.contract_id)
    )
    by_contact: dict[uuid.UUID, list[CandidateContract]] = {}
    for row in rows:
        by_contact.setdefault(row.contact_id, []).append(
            CandidateContract(
                contract_id=row.contract_id,
                unit_id=row.unit_id,
                property_id=row.property_id,
                role=row.role,
                unit_name=row.unit_name or "",
                property_name=row.property_name or "",
            )
        )
    contacts = await session.execute(
        select(contact).where(contact.c.account_id == account_id).order_by(contact.c.name)
    )
    return [
        CandidateContact(
            contact_id=row.contact_id,
            name=row.name,
            contact_number=row.contact_number,
            street=row.street,
            zip_code=row.zip_code,
            city=row.city,
            archived=row.archived,
            contracts=tuple(by_contact.get(row.contact_id, ())),
        )
        for row in contacts
    ]
