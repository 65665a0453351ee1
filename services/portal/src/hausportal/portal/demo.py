"""The embedded mode's demo data (PORTAL_DEMO_SEED): one account to log in to and look around."""

from __future__ import annotations

import logging
from datetime import date
from typing import cast

from sqlalchemy.ext.asyncio import AsyncSession

from hausportal.kit.app import Runtime
from hausportal.portal.accounts import repository as accounts
from hausportal.portal.accounts.service import create_account
from hausportal.portal.contacts.service import create_contact
from hausportal.portal.contracts.service import create_contract
from hausportal.portal.properties.service import create_property
from hausportal.portal.settings import PortalSettings
from hausportal.portal.units.service import create_unit

log = logging.getLogger(__name__)

DEMO_ACCOUNT = "Hausverwaltung Muster GmbH"
DEMO_ADMIN_EMAIL = "admin@example.com"
DEMO_ADMIN_PASSWORD = "hausportal-demo"  # noqa: S105 - documented demo login, development only


async def seed_demo(runtime: Runtime) -> None:
    """Startup hook: creates the demo account once, and only in an empty portal."""
    if not cast(PortalSettings, runtime.settings).demo_seed:
        return
    async with runtime.sessionmaker() as session, session.begin():
        if await accounts.any_exists(session):
            return
        await create_demo_data(session)
    log.info("demo account created", extra={"email": DEMO_ADMIN_EMAIL})


async def create_demo_data(session: AsyncSession) -> None:
    account, _ = await create_account(
        session,
        name=DEMO_ACCOUNT,
        admin_email=DEMO_ADMIN_EMAIL,
        admin_name="Anna Admin",
        admin_password=DEMO_ADMIN_PASSWORD,
    )
    prop = await create_property(
        session,
        account_id=account.id,
        name="Musterstraße 1",
        street="Musterstraße 1",
        zip_code="10115",
        city="Berlin",
    )
    ground = await create_unit(session, account_id=account.id, property_id=prop.id, name="WE 01 EG")
    upper = await create_unit(
        session, account_id=account.id, property_id=prop.id, name="WE 02 1. OG"
    )
    tenant = await create_contact(
        session,
        account_id=account.id,
        fields={
            "name": "Max Mieter",
            "email": "mieter@example.com",
            "contact_number": "M-1001",
            "street": "Musterstraße 1",
            "zip_code": "10115",
            "city": "Berlin",
        },
    )
    owner = await create_contact(
        session,
        account_id=account.id,
        fields={
            "name": "Erika Eigentümerin",
            "email": "eigentuemer@example.com",
            "contact_number": "E-2001",
            "street": "Am Markt 5",
            "zip_code": "20095",
            "city": "Hamburg",
            "preference": "letter",
        },
    )
    await create_contract(
        session,
        account_id=account.id,
        contact_id=tenant.id,
        unit_id=ground.id,
        role="tenant",
        start=date(2024, 1, 1),
    )
    await create_contract(
        session,
        account_id=account.id,
        contact_id=owner.id,
        unit_id=upper.id,
        role="owner",
        start=date(2020, 7, 1),
    )
