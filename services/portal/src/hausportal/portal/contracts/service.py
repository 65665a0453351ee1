"""Creating, changing and deleting contracts, each with its directory event."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from hausportal.kit.errors import Invalid, NotFound
from hausportal.portal import events
from hausportal.portal.contacts import repository as contacts
from hausportal.portal.contracts import repository
from hausportal.portal.models import Contract
from hausportal.portal.units import repository as units

ENDS_BEFORE_START = "Der Vertrag kann nicht vor seinem Beginn enden."


def ensure_dates(*, start: date, end: date | None) -> None:
    if end is not None and end < start:
        raise Invalid(
            "contract_ends_before_start",
            ENDS_BEFORE_START,
            start=start.isoformat(),
            end=end.isoformat(),
        )


async def get_contract(
    session: AsyncSession, *, account_id: uuid.UUID, contract_id: uuid.UUID
) -> Contract:
    contract = await repository.get(session, account_id=account_id, contract_id=contract_id)
    if contract is None:
        raise NotFound("contract_not_found", "Der Vertrag wurde nicht gefunden.")
    return contract


async def _unit_property(
    session: AsyncSession, *, account_id: uuid.UUID, unit_id: uuid.UUID
) -> uuid.UUID:
    unit = await units.get(session, account_id=account_id, unit_id=unit_id)
    if unit is None:
        raise NotFound("unit_not_found", "Die Einheit wurde nicht gefunden.")
    return unit.property_id


async def create_contract(
    session: AsyncSession,
    *,
    account_id: uuid.UUID,
    contact_id: uuid.UUID,
    unit_id: uuid.UUID,
    role: str,
    start: date,
    end: date | None = None,
) -> Contract:
    """The contract's property is the unit's."""
    ensure_dates(start=start, end=end)
    if await contacts.get(session, account_id=account_id, contact_id=contact_id) is None:
        raise NotFound("contact_not_found", "Der Kontakt wurde nicht gefunden.")
    property_id = await _unit_property(session, account_id=account_id, unit_id=unit_id)
    contract = Contract(
        account_id=account_id,
        contact_id=contact_id,
        unit_id=unit_id,
        property_id=property_id,
        role=str(role),
        start=start,
        end=end,
    )
    session.add(contract)
    await session.flush()
    await events.publish(session, events.contract_upserted(contract))
    return contract


async def update_contract(
    session: AsyncSession,
    *,
    account_id: uuid.UUID,
    contract_id: uuid.UUID,
    changes: dict[str, Any],
) -> Contract:
    contract = await get_contract(session, account_id=account_id, contract_id=contract_id)
    ensure_dates(start=changes.get("start", contract.start), end=changes.get("end", contract.end))
    if "unit_id" in changes and changes["unit_id"] != contract.unit_id:
        contract.property_id = await _unit_property(
            session, account_id=account_id, unit_id=changes["unit_id"]
        )
        contract.unit_id = changes["unit_id"]
    for field in ("role", "start", "end"):
        if field in changes:
            value = changes[field]
            setattr(contract, field, str(value) if field == "role" else value)
    await session.flush()
    await events.publish(session, events.contract_upserted(contract))
    return contract


async def delete_contract(
    session: AsyncSession, *, account_id: uuid.UUID, contract_id: uuid.UUID
) -> None:
    contract = await get_contract(session, account_id=account_id, contract_id=contract_id)
    await delete_contracts(session, contracts=[contract])


async def delete_contracts(session: AsyncSession, *, contracts: Sequence[Contract]) -> None:
    """One ContractDeleted each; callers delete what the contracts hang on afterwards."""
    for contract in contracts:
        await session.delete(contract)
    await session.flush()
    await events.publish(session, *(events.contract_deleted(c) for c in contracts))
