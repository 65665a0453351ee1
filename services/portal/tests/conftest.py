"""Fixtures of the portal's tests: a running portal app, accounts with logged-in staff, events."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from asgi_lifespan import LifespanManager
from fastapi import FastAPI
from sqlalchemy import select

from hausportal.contracts.envelope import Event, Topic
from hausportal.contracts.topics import PORTAL_DIRECTORY, PORTAL_EVENTS
from hausportal.kit import testing
from hausportal.kit.app import Runtime
from hausportal.kit.clock import FixedClock
from hausportal.portal.accounts.service import create_account
from hausportal.portal.main import create_app
from hausportal.portal.models import messaging
from hausportal.portal.settings import PortalSettings

PASSWORD = "richtig-geheim-1"


@dataclass
class Staff:
    account_id: str
    email: str
    headers: dict[str, str]


@dataclass
class Portal:
    """The running portal: an HTTP client, its runtime, and helpers to set up accounts."""

    app: FastAPI
    client: httpx.AsyncClient
    clock: FixedClock
    password: str = PASSWORD
    _accounts: int = field(default=0)

    bearer = staticmethod(lambda body: bearer(body))

    @property
    def runtime(self) -> Runtime:
        return self.app.state.runtime  # type: ignore[no-any-return]

    async def new_account(
        self, name: str | None = None, *, email: str | None = None, password: str = PASSWORD
    ) -> Staff:
        """An account created the way the CLI does it, and its admin logged in over HTTP."""
        self._accounts += 1
        email = email or f"admin{self._accounts}-{uuid.uuid4().hex[:6]}@example.com"
        async with self.runtime.sessionmaker() as session, session.begin():
            account, _ = await create_account(
                session,
                name=name or f"Hausverwaltung {self._accounts}",
                admin_email=email,
                admin_name="Anna Admin",
                admin_password=password,
            )
        login = await self.login(email, password, account_id=str(account.id))
        assert login.status_code == 200, login.text
        return Staff(account_id=str(account.id), email=email, headers=bearer(login.json()))

    async def login(
        self, email: str, password: str, *, account_id: str | None = None
    ) -> httpx.Response:
        body: dict[str, Any] = {"email": email, "password": password}
        if account_id is not None:
            body["account_id"] = account_id
        return await self.client.post("/api/portal/auth/login", json=body)

    async def events(self, account_id: str | None = None) -> list[Event]:
        """The directory events in the outbox, in the order written (parsed as consumers will)."""
        return await self._outbox(PORTAL_DIRECTORY, account_id)

    async def portal_events(self, account_id: str | None = None) -> list[Event]:
        """The events of topic portal.events (invitations, messages, appointments) in the outbox."""
        return await self._outbox(PORTAL_EVENTS, account_id)

    async def _outbox(self, topic: Topic, account_id: str | None) -> list[Event]:
        outbox = messaging.outbox
        async with self.runtime.sessionmaker() as session:
            rows = await session.execute(
                select(outbox.c.payload).where(outbox.c.topic == topic.name).order_by(outbox.c.id)
            )
            parsed = [topic.parse(row.payload) for row in rows]
        return [e for e in parsed if account_id is None or str(e.account_id) == account_id]


def bearer(login_body: dict[str, Any]) -> dict[str, str]:
    return {"Authorization": f"Bearer {login_body['access_token']}"}


def portal_settings(tmp_path: Path, **overrides: Any) -> PortalSettings:
    values: dict[str, Any] = {
        "environment": "development",
        "database_url": f"sqlite+aiosqlite:///{tmp_path}/portal.db",
        "migrate_on_startup": True,
        "bus": "memory",
        "storage": "local",
        "storage_local_path": tmp_path / "objects",
        "jwt_secret": "x" * 48,
        "log_json": False,
    }
    return PortalSettings(**(values | overrides))


@pytest.fixture
def settings_for(tmp_path: Path) -> Callable[..., PortalSettings]:
    return lambda **overrides: portal_settings(tmp_path, **overrides)


async def _running(settings: PortalSettings) -> AsyncIterator[Portal]:
    clock = FixedClock(datetime.now(UTC))
    app = create_app(settings, clock=clock)
    async with LifespanManager(app, startup_timeout=60, shutdown_timeout=30):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://portal") as client:
            yield Portal(app=app, client=client, clock=clock)


@pytest.fixture
def run_portal() -> Callable[[PortalSettings], AbstractAsyncContextManager[Portal]]:
    """``async with run_portal(settings) as portal:`` for tests that start the portal again."""
    return asynccontextmanager(_running)


@pytest.fixture
async def portal(tmp_path: Path) -> AsyncIterator[Portal]:
    async for running in _running(portal_settings(tmp_path)):
        yield running


@pytest.fixture
async def staff(portal: Portal) -> Staff:
    return await portal.new_account("Hausverwaltung Muster GmbH")


@pytest.fixture
async def postgres_portal(tmp_path: Path) -> AsyncIterator[Portal]:
    """The portal on a fresh database of the real PostgreSQL server."""
    async with testing.fresh_postgres_database("hp_portal") as url:
        async for running in _running(portal_settings(tmp_path, database_url=url)):
            yield running


# --- Messages, appointments, FAQ: one neighbourhood of contacts on a fixed day ---------------

TODAY = datetime(2026, 6, 15, 10, 0, tzinfo=UTC)  # 12:00 in Berlin


@dataclass
class Neighbourhood:
    """Lindenallee 5 (units WE 1, WE 2) and Birkenweg 2 (unit B 1) on 15 June 2026, with a
    30-day post-contract access window:

    - tenant, owner: active contracts on Lindenallee WE 1
    - former: tenant of Lindenallee WE 2 until 31 March 2026
    - resident: registered resident of Lindenallee (no contract)
    - other: tenant of Birkenweg B 1
    - nora: tenant of Birkenweg B 1 until 30 June 2026

    Contacts get their tokens directly (login and registration are tested elsewhere). The
    residency is written directly into the database: registering through the property's invite
    link is the access feature's, and its tests cover it.
    """

    portal: Portal
    staff: Staff
    properties: dict[str, str]
    units: dict[str, str]
    contacts: dict[str, str]
    contracts: dict[str, str]

    def headers(self, who: str) -> dict[str, str]:
        from hausportal.kit.auth import Principal, issue_token

        settings = self.portal.runtime.settings
        principal = Principal.contact(
            contact_id=uuid.UUID(self.contacts[who]), account_id=uuid.UUID(self.staff.account_id)
        )
        token = issue_token(
            principal,
            secret=settings.jwt_secret,
            issuer=settings.jwt_issuer,
            ttl=timedelta(hours=1),
            now=datetime.now(UTC),
        )
        return {"Authorization": f"Bearer {token}"}

    async def home(self, who: str) -> dict[str, Any]:
        response = await self.portal.client.get("/api/portal/my/home", headers=self.headers(who))
        assert response.status_code == 200, response.text
        return response.json()  # type: ignore[no-any-return]

    async def post(self, path: str, **kwargs: Any) -> httpx.Response:
        return await self.portal.client.post(
            f"/api/portal{path}", headers=self.staff.headers, **kwargs
        )


async def build_neighbourhood(portal: Portal, staff: Staff) -> Neighbourhood:
    from hausportal.portal.models import Residency

    portal.clock.set(TODAY)
    api, headers = "/api/portal", staff.headers

    async def created(path: str, body: dict[str, Any]) -> str:
        response = await portal.client.post(f"{api}{path}", json=body, headers=headers)
        assert response.status_code == 201, response.text
        return str(response.json()["id"])

    access = await portal.client.patch(
        f"{api}/account", json={"access_post_contract_days": 30}, headers=headers
    )
    assert access.status_code == 200, access.text
    properties = {
        "lindenallee": await created("/properties", {"name": "Lindenallee 5"}),
        "birkenweg": await created("/properties", {"name": "Birkenweg 2"}),
    }
    units = {
        "we1": await created(f"/properties/{properties['lindenallee']}/units", {"name": "WE 1"}),
        "we2": await created(f"/properties/{properties['lindenallee']}/units", {"name": "WE 2"}),
        "b1": await created(f"/properties/{properties['birkenweg']}/units", {"name": "B 1"}),
    }
    names = {
        "tenant": "Tina Mieterin",
        "owner": "Otto Eigentümer",
        "former": "Fritz Frühermieter",
        "resident": "Rita Bewohnerin",
        "other": "Olga Anderswo",
        "nora": "Nora Namentlich",
    }
    contacts = {key: await created("/contacts", {"name": name}) for key, name in names.items()}
    contracts = {}
    for who, unit, role, start, end in (
        ("tenant", "we1", "tenant", "2025-01-01", None),
        ("owner", "we1", "owner", "2020-01-01", None),
        ("former", "we2", "tenant", "2024-01-01", "2026-03-31"),
        ("other", "b1", "tenant", "2025-05-01", None),
        ("nora", "b1", "tenant", "2023-01-01", "2026-06-30"),
    ):
        contracts[who] = await created(
            "/contracts",
            {
                "contact_id": contacts[who],
                "unit_id": units[unit],
                "role": role,
                "start": start,
                "end": end,
            },
        )
    async with portal.runtime.sessionmaker() as session, session.begin():
        session.add(
            Residency(
                account_id=uuid.UUID(staff.account_id),
                contact_id=uuid.UUID(contacts["resident"]),
                property_id=uuid.UUID(properties["lindenallee"]),
            )
        )
    return Neighbourhood(
        portal=portal,
        staff=staff,
        properties=properties,
        units=units,
        contacts=contacts,
        contracts=contracts,
    )


@pytest.fixture
async def neighbourhood(portal: Portal, staff: Staff) -> Neighbourhood:
    return await build_neighbourhood(portal, staff)


@pytest.fixture
async def postgres_neighbourhood(postgres_portal: Portal) -> Neighbourhood:
    """The same neighbourhood on the real PostgreSQL server."""
    staff = await postgres_portal.new_account("Hausverwaltung Muster GmbH")
    return await build_neighbourhood(postgres_portal, staff)
