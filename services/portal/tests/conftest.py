"""Fixtures of the portal's tests: a running portal app, accounts with logged-in staff, events."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
from asgi_lifespan import LifespanManager
from fastapi import FastAPI
from sqlalchemy import select

from hausportal.contracts.envelope import Event
from hausportal.contracts.topics import PORTAL_DIRECTORY
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
        """Every event in the outbox, in the order written (parsed as consumers will)."""
        outbox = messaging.outbox
        async with self.runtime.sessionmaker() as session:
            rows = await session.execute(select(outbox.c.payload).order_by(outbox.c.id))
            parsed = [PORTAL_DIRECTORY.parse(row.payload) for row in rows]
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
