"""The portal as a tenant, owner or resident of a property sees it: the start page of a
hypothetical contact with one active contract of that role (or a residency) there."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Literal

from sqlalchemy.ext.asyncio import AsyncSession

from hausportal.contracts.directory import ContractRole
from hausportal.kit import visibility
from hausportal.kit.errors import NotFound
from hausportal.portal.home import viewers
from hausportal.portal.home.schemas import HomeOut
from hausportal.portal.home.service import portal_view
from hausportal.portal.properties.service import get_property
from hausportal.portal.units import repository as units

PreviewRole = Literal["tenant", "owner", "resident"]


async def hypothetical_viewer(
    session: AsyncSession,
    *,
    account_id: uuid.UUID,
    property_id: uuid.UUID,
    role: PreviewRole,
    unit_id: uuid.UUID | None,
    on: date,
) -> visibility.Viewer:
    """Nobody of the master data: a new contact id, so no individual share can reach it."""
    await get_property(session, account_id=account_id, property_id=property_id)
    if unit_id is not None:
        unit = await units.get(session, account_id=account_id, unit_id=unit_id)
        if unit is None or unit.property_id != property_id:
            raise NotFound("unit_not_found", "Die Einheit wurde nicht gefunden.")
    contact_id = uuid.uuid4()
    if role == "resident":
        return visibility.Viewer.contact(
            account_id=account_id, contact_id=contact_id, resident_property_ids=[property_id]
        )
    if unit_id is None:
        # Messages, FAQ and contact persons belong to the whole property: any unit will do.
        its_units = await units.of_property(session, account_id=account_id, property_id=property_id)
        unit_id = min((u.id for u in its_units), default=None) or uuid.uuid4()
    contract = visibility.Contract(
        contract_id=uuid.uuid4(),
        contact_id=contact_id,
        unit_id=unit_id,
        property_id=property_id,
        role=ContractRole(role),
        start=on,
    )
    return visibility.Viewer.contact(
        account_id=account_id, contact_id=contact_id, contracts=[contract]
    )


async def preview(
    session: AsyncSession,
    *,
    account_id: uuid.UUID,
    property_id: uuid.UUID,
    role: PreviewRole,
    unit_id: uuid.UUID | None,
    now: datetime,
    on: date,
) -> HomeOut:
    viewer = await hypothetical_viewer(
        session,
        account_id=account_id,
        property_id=property_id,
        role=role,
        unit_id=unit_id,
        on=on,
    )
    access = await viewers.access_of(session, account_id=account_id)
    return await portal_view(session, viewer=viewer, access=access, now=now, on=on)
