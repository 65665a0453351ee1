"""Creating, changing and deleting properties, each with its directory event."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from hausportal.kit.errors import Conflict, NotFound
from hausportal.portal import events
from hausportal.portal.contracts import repository as contracts
from hausportal.portal.contracts.service import delete_contracts
from hausportal.portal.models import Property
from hausportal.portal.properties import repository
from hausportal.portal.residents.cleanup import forget_property
from hausportal.portal.text import clean
from hausportal.portal.units import repository as units
from hausportal.portal.units.service import delete_units

NOT_FOUND = "Die Liegenschaft wurde nicht gefunden."


async def get_property(
    session: AsyncSession, *, account_id: uuid.UUID, property_id: uuid.UUID
) -> Property:
    prop = await repository.get(session, account_id=account_id, property_id=property_id)
    if prop is None:
        raise NotFound("property_not_found", NOT_FOUND)
    return prop


async def create_property(
    session: AsyncSession,
    *,
    account_id: uuid.UUID,
    name: str,
    street: str | None = None,
    zip_code: str | None = None,
    city: str | None = None,
    country: str = "DE",
) -> Property:
    prop = Property(
        account_id=account_id,
        name=name.strip(),
        street=clean(street),
        zip_code=clean(zip_code),
        city=clean(city),
        country=country,
    )
    session.add(prop)
    await session.flush()
    await events.publish(session, events.property_upserted(prop))
    return prop


async def update_property(
    session: AsyncSession,
    *,
    account_id: uuid.UUID,
    property_id: uuid.UUID,
    changes: dict[str, Any],
) -> Property:
    prop = await get_property(session, account_id=account_id, property_id=property_id)
    for field, value in changes.items():
        setattr(prop, field, clean(value) if field in {"street", "zip_code", "city"} else value)
    await session.flush()
    await events.publish(session, events.property_upserted(prop))
    return prop


async def delete_property(
    session: AsyncSession, *, account_id: uuid.UUID, property_id: uuid.UUID, cascade: bool
) -> None:
    """Deletes the property and its units; their contracts only with ``cascade``.

    Events in the order a read model can apply them: contracts, units, then the property.
    """
    prop = await get_property(session, account_id=account_id, property_id=property_id)
    its_contracts = await contracts.of_property(
        session, account_id=account_id, property_id=property_id
    )
    if its_contracts and not cascade:
        raise Conflict(
            "property_has_contracts",
            f"Die Liegenschaft „{prop.name}“ hat noch {_contracts(len(its_contracts))} und "
            "kann nicht gelöscht werden. Löschen Sie zuerst die Verträge oder löschen Sie "
            "die Liegenschaft mitsamt Einheiten und Verträgen.",
            contracts=len(its_contracts),
        )
    await delete_contracts(session, contracts=its_contracts)
    await delete_units(
        session, units=await units.of_property(session, account_id=account_id, property_id=prop.id)
    )
    await forget_property(session, account_id=account_id, property_id=prop.id)
    await session.delete(prop)
    await session.flush()
    await events.publish(session, events.property_deleted(prop))


def _contracts(count: int) -> str:
    return "einen Vertrag" if count == 1 else f"{count} Verträge"
