"""The directory events the portal publishes: snapshots of its models, written to the outbox."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncSession

from hausportal.contracts import directory as ev
from hausportal.contracts.envelope import Event
from hausportal.portal.models import Account, Contact, Contract, Property, Staff, Unit, outbox


async def publish(session: AsyncSession, *events: Event) -> None:
    """In the caller's transaction: the events leave if and when the change commits."""
    await outbox.add_many(session, events)


def account_upserted(account: Account) -> ev.AccountUpserted:
    return ev.AccountUpserted(
        account_id=account.id,
        payload=ev.AccountPayload(
            account_id=account.id,
            name=account.name,
            access=ev.AccessWindows(
                pre_contract_days=account.access_pre_contract_days,
                post_contract_days=account.access_post_contract_days,
            ),
            branding=ev.Branding(logo_url=account.logo_url, primary_color=account.primary_color),
        ),
    )


def staff_upserted(staff: Staff) -> ev.StaffUpserted:
    return ev.StaffUpserted(
        account_id=staff.account_id,
        payload=ev.StaffPayload(
            staff_id=staff.id,
            name=staff.name,
            email=staff.email,
            role=ev.StaffRole(staff.role),
            active=staff.active,
        ),
    )


def property_upserted(prop: Property) -> ev.PropertyUpserted:
    return ev.PropertyUpserted(
        account_id=prop.account_id,
        payload=ev.PropertyPayload(
            property_id=prop.id,
            name=prop.name,
            address=ev.PostalAddress(
                street=prop.street, zip_code=prop.zip_code, city=prop.city, country=prop.country
            ),
        ),
    )


def property_deleted(prop: Property) -> ev.PropertyDeleted:
    return ev.PropertyDeleted(
        account_id=prop.account_id, payload=ev.PropertyRef(property_id=prop.id)
    )


def unit_upserted(unit: Unit) -> ev.UnitUpserted:
    return ev.UnitUpserted(
        account_id=unit.account_id,
        payload=ev.UnitPayload(unit_id=unit.id, property_id=unit.property_id, name=unit.name),
    )


def unit_deleted(unit: Unit) -> ev.UnitDeleted:
    return ev.UnitDeleted(
        account_id=unit.account_id,
        payload=ev.UnitRef(unit_id=unit.id, property_id=unit.property_id),
    )


def contact_upserted(
    contact: Contact,
    *,
    registered: bool,
    resident_property_ids: Sequence[uuid.UUID] = (),
    login_email: str | None = None,
) -> ev.ContactUpserted:
    """``login_email``: a resident's address, which staff never see (the master data has
    none), so that notify can still reach the resident."""
    return ev.ContactUpserted(
        account_id=contact.account_id,
        payload=ev.ContactPayload(
            contact_id=contact.id,
            name=contact.name,
            email=contact.email or login_email,
            contact_number=contact.contact_number,
            address=ev.PostalAddress(
                street=contact.street,
                zip_code=contact.zip_code,
                city=contact.city,
                country=contact.country,
            ),
            preference=ev.Preference(contact.preference),
            registered=registered,
            resident_property_ids=tuple(resident_property_ids),
            archived=contact.archived,
        ),
    )


def contact_deleted(contact: Contact) -> ev.ContactDeleted:
    return ev.ContactDeleted(
        account_id=contact.account_id, payload=ev.ContactRef(contact_id=contact.id)
    )


def contract_upserted(contract: Contract) -> ev.ContractUpserted:
    return ev.ContractUpserted(
        account_id=contract.account_id,
        payload=ev.ContractPayload(
            contract_id=contract.id,
            contact_id=contract.contact_id,
            unit_id=contract.unit_id,
            property_id=contract.property_id,
            role=ev.ContractRole(contract.role),
            start=contract.start,
            end=contract.end,
        ),
    )


def contract_deleted(contract: Contract) -> ev.ContractDeleted:
    return ev.ContractDeleted(
        account_id=contract.account_id, payload=ev.ContractRef(contract_id=contract.id)
    )
