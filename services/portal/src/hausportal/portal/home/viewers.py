"""Viewers for the kit's visibility function, built from the portal's own master data."""

from __future__ import annotations

import uuid
from collections.abc import Collection

from sqlalchemy.ext.asyncio import AsyncSession

from hausportal.contracts.directory import AccessWindows, ContractRole
from hausportal.kit import visibility
from hausportal.portal.accounts import repository as accounts
from hausportal.portal.home import repository, residents
from hausportal.portal.models import Contract


async def access_of(session: AsyncSession, *, account_id: uuid.UUID) -> AccessWindows:
    """The account's "Rollen & Zugriffsrechte": portal access around contracts."""
    account = await accounts.get(session, account_id=account_id)
    if account is None:
        return AccessWindows()
    return AccessWindows(
        pre_contract_days=account.access_pre_contract_days,
        post_contract_days=account.access_post_contract_days,
    )


def visibility_contract(contract: Contract) -> visibility.Contract:
    return visibility.Contract(
        contract_id=contract.id,
        contact_id=contract.contact_id,
        unit_id=contract.unit_id,
        property_id=contract.property_id,
        role=ContractRole(contract.role),
        start=contract.start,
        end=contract.end,
    )


async def viewers_of(
    session: AsyncSession, *, account_id: uuid.UUID, contact_ids: Collection[uuid.UUID]
) -> dict[uuid.UUID, visibility.Viewer]:
    """Each contact as a viewer: all its contracts (of any date) and its residencies."""
    contracts = await repository.contracts_of_contacts(
        session, account_id=account_id, contact_ids=contact_ids
    )
    residencies = await residents.properties_of_residents(
        session, account_id=account_id, contact_ids=contact_ids
    )
    return {
        contact_id: visibility.Viewer.contact(
            account_id=account_id,
            contact_id=contact_id,
            contracts=[visibility_contract(c) for c in contracts if c.contact_id == contact_id],
            resident_property_ids=residencies.get(contact_id, ()),
        )
        for contact_id in contact_ids
    }


async def viewer_of(
    session: AsyncSession, *, account_id: uuid.UUID, contact_id: uuid.UUID
) -> visibility.Viewer:
    viewers = await viewers_of(session, account_id=account_id, contact_ids=[contact_id])
    return viewers[contact_id]


def property_ids_of(viewer: visibility.Viewer) -> set[uuid.UUID]:
    """Properties the viewer has anything to do with (contracts of any date, residencies)."""
    return {c.property_id for c in viewer.contracts} | set(viewer.resident_property_ids)
