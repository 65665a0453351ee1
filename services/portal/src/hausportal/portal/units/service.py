"""Creating, renaming and deleting units, each with its directory event."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncSession

from hausportal.kit.errors import Conflict, NotFound
from hausportal.portal import events
from hausportal.portal.contracts import repository as contracts
from hausportal.portal.contracts.service import delete_contracts
from hausportal.portal.models import Unit
from hausportal.portal.units import repository

NOT_FOUND = "Die Einheit wurde nicht gefunden."


async def get_unit(session: AsyncSession, *, account_id: uuid.UUID, unit_id: uuid.UUID) -> Unit:
    unit = await repository.get(session, account_id=account_id, unit_id=unit_id)
    if unit is None:
        raise NotFound("unit_not_found", NOT_FOUND)
    return unit


async def _ensure_name_free(
    session: AsyncSession, *, account_id: uuid.UUID, property_id: uuid.UUID, name: str
) -> None:
    if await repository.named(session, account_id=account_id, property_id=property_id, name=name):
        raise Conflict(
            "unit_name_taken", f"Die Liegenschaft hat schon eine Einheit „{name}“.", name=name
        )


async def create_unit(
    session: AsyncSession, *, account_id: uuid.UUID, property_id: uuid.UUID, name: str
) -> Unit:
    """``property_id`` must already be checked to belong to the account."""
    name = name.strip()
    await _ensure_name_free(session, account_id=account_id, property_id=property_id, name=name)
    unit = Unit(account_id=account_id, property_id=property_id, name=name)
    session.add(unit)
    await session.flush()
    await events.publish(session, events.unit_upserted(unit))
    return unit


async def rename_unit(
    session: AsyncSession, *, account_id: uuid.UUID, unit_id: uuid.UUID, name: str
) -> Unit:
    unit = await get_unit(session, account_id=account_id, unit_id=unit_id)
    name = name.strip()
    if name != unit.name:
        await _ensure_name_free(
            session, account_id=account_id, property_id=unit.property_id, name=name
        )
        unit.name = name
        await session.flush()
        await events.publish(session, events.unit_upserted(unit))
    return unit


async def delete_unit(
    session: AsyncSession, *, account_id: uuid.UUID, unit_id: uuid.UUID, cascade: bool
) -> None:
    unit = await get_unit(session, account_id=account_id, unit_id=unit_id)
    its_contracts = await contracts.of_unit(session, account_id=account_id, unit_id=unit_id)
    if its_contracts and not cascade:
        count = len(its_contracts)
        what = "einen Vertrag" if count == 1 else f"{count} Verträge"
        raise Conflict(
            "unit_has_contracts",
            f"Die Einheit „{unit.name}“ hat noch {what} und kann nicht gelöscht werden. "
            "Löschen Sie zuerst die Verträge oder löschen Sie die Einheit mitsamt Verträgen.",
            contracts=count,
        )
    await delete_contracts(session, contracts=its_contracts)
    await delete_units(session, units=[unit])


async def delete_units(session: AsyncSession, *, units: Sequence[Unit]) -> None:
    """Deletes units whose contracts are already gone; one UnitDeleted each."""
    for unit in units:
        await session.delete(unit)
    await session.flush()
    await events.publish(session, *(events.unit_deleted(unit) for unit in units))
