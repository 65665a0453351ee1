"""Sample serial letters and directories for the engine tests (no servers needed)."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator, Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pypdfium2
import pytest
from asgi_lifespan import LifespanManager
from fastapi import FastAPI
from sqlalchemy import select

from hausportal.contracts import directory as events
from hausportal.contracts.envelope import Event
from hausportal.contracts.topics import SMARTPOST_EVENTS
from hausportal.kit import testing
from hausportal.kit.app import Runtime
from hausportal.kit.auth import Principal, issue_token
from hausportal.kit.bus.memory import reset_broker
from hausportal.kit.clock import FixedClock
from hausportal.smartpost.engine.samples import (
    SampleDirectory,
    SampleLetter,
    write_attachment,
    write_serial_letter,
)
from hausportal.smartpost.main import create_app
from hausportal.smartpost.models import messaging
from hausportal.smartpost.settings import SmartpostSettings


def page_texts(path: Path | str) -> list[str]:
    """The full text of every page, to compare output pages with source pages."""
    document = pypdfium2.PdfDocument(path)
    try:
        texts = []
        for page in document:
            textpage = page.get_textpage()
            texts.append(textpage.get_text_bounded())
            textpage.close()
            page.close()
        return texts
    finally:
        document.close()


@pytest.fixture
def page_texts_of() -> Callable[[Path | str], list[str]]:
    return page_texts


@pytest.fixture
def write_letters(tmp_path: Path) -> Callable[..., Path]:
    counter = iter(range(1000))

    def write(letters: Sequence[SampleLetter], name: str | None = None) -> Path:
        path = tmp_path / (name or f"serienbrief-{next(counter)}.pdf")
        write_serial_letter(path, letters)
        return path

    return write


@pytest.fixture
def attachment(tmp_path: Path) -> Callable[..., Path]:
    def write(pages: int = 3, title: str = "Wirtschaftsplan 2026") -> Path:
        path = tmp_path / f"anlage-{pages}-{len(title)}.pdf"
        write_attachment(path, pages=pages, title=title)
        return path

    return write


# ------------------------------------------------------------------ the running service


SECRET = "x" * 48
# 11:00 in Berlin: "today" for contracts is 2026-12-10.
NOW = datetime(2026, 12, 10, 10, 0, tzinfo=UTC)


def token(principal: Principal) -> dict[str, str]:
    jwt = issue_token(principal, secret=SECRET, issuer="hausportal", ttl=timedelta(hours=1))
    return {"Authorization": f"Bearer {jwt}"}


@dataclass
class Account:
    """One management company as the portal announces it: a sample directory of owners."""

    directory: SampleDirectory
    # Contacts with a portal login, and those of them who want letters on paper too.
    registered: frozenset[uuid.UUID] = frozenset()
    prefer_letters: frozenset[uuid.UUID] = frozenset()
    # Contacts living abroad: their country in the master data.
    countries: dict[uuid.UUID, str] = field(default_factory=dict)
    account_id: uuid.UUID = field(default_factory=uuid.uuid4)
    admin_id: uuid.UUID = field(default_factory=uuid.uuid4)
    staff_id: uuid.UUID = field(default_factory=uuid.uuid4)

    @property
    def admin(self) -> dict[str, str]:
        return token(
            Principal.staff(staff_id=self.admin_id, account_id=self.account_id, role="admin")
        )

    @property
    def staff(self) -> dict[str, str]:
        return token(Principal.staff(staff_id=self.staff_id, account_id=self.account_id))

    def events(self) -> list[Event]:
        a = self.account_id
        out: list[Event] = [
            events.AccountUpserted(
                account_id=a, payload=events.AccountPayload(account_id=a, name="HV Sonnenhof")
            ),
            *(
                events.StaffUpserted(
                    account_id=a,
                    payload=events.StaffPayload(
                        staff_id=staff_id, name=name, email=f"{role}@hv.example", role=role
                    ),
                )
                for staff_id, name, role in (
                    (self.admin_id, "Anna Admin", events.StaffRole.admin),
                    (self.staff_id, "Sven Sachbearbeiter", events.StaffRole.staff),
                )
            ),
        ]
        properties: dict[uuid.UUID, str] = {}
        units: dict[uuid.UUID, tuple[uuid.UUID, str]] = {}
        for contact in self.directory.contacts:
            for contract in contact.contracts:
                properties[contract.property_id] = contract.property_name
                units[contract.unit_id] = (contract.property_id, contract.unit_name)
        out += [
            events.PropertyUpserted(
                account_id=a, payload=events.PropertyPayload(property_id=p, name=name)
            )
            for p, name in properties.items()
        ]
        out += [
            events.UnitUpserted(
                account_id=a, payload=events.UnitPayload(unit_id=u, property_id=p, name=name)
            )
            for u, (p, name) in units.items()
        ]
        for contact in self.directory.contacts:
            out.append(
                events.ContactUpserted(
                    account_id=a,
                    payload=events.ContactPayload(
                        contact_id=contact.contact_id,
                        name=contact.name,
                        contact_number=contact.contact_number,
                        address=events.PostalAddress(
                            street=contact.street,
                            zip_code=contact.zip_code,
                            city=contact.city,
                            country=self.countries.get(contact.contact_id, "DE"),
                        ),
                        archived=contact.archived,
                        registered=contact.contact_id in self.registered,
                        preference=events.Preference.letter
                        if contact.contact_id in self.prefer_letters
                        else events.Preference.online,
                    ),
                )
            )
            out += [
                events.ContractUpserted(
                    account_id=a,
                    payload=events.ContractPayload(
                        contract_id=contract.contract_id,
                        contact_id=contact.contact_id,
                        unit_id=contract.unit_id,
                        property_id=contract.property_id,
                        role=contract.role,
                        start=date(2020, 1, 1),
                    ),
                )
                for contract in contact.contracts
            ]
        return out


@dataclass
class Service:
    app: FastAPI
    client: httpx.AsyncClient
    clock: FixedClock

    @property
    def runtime(self) -> Runtime:
        return self.app.state.runtime  # type: ignore[no-any-return]

    async def announce(self, *announced: Event) -> None:
        """Publish events on the bus as their producers do; wait until the consumer took
        each of them."""
        await testing.announce(self.runtime, *announced)

    async def account(self, directory: SampleDirectory, **people: Any) -> Account:
        account = Account(directory, **people)
        await self.announce(*account.events())
        return account

    async def serial_letter(self, account: Account, **fields: Any) -> dict[str, Any]:
        body = {"title": "Hausgeldabrechnung 2025", "document_type": "Abrechnung"} | fields
        response = await self.client.post(
            "/api/smartpost/serial-letters", headers=account.staff, json=_json(body)
        )
        assert response.status_code == 201, response.text
        return response.json()  # type: ignore[no-any-return]

    async def upload(
        self, account: Account, serial_letter_id: str, *files: Path | tuple[str, bytes]
    ) -> httpx.Response:
        parts = [("files", (f.name, f.read_bytes()) if isinstance(f, Path) else f) for f in files]
        return await self.client.post(
            f"/api/smartpost/serial-letters/{serial_letter_id}/files",
            headers=account.staff,
            files=parts,
        )

    async def split(
        self, account: Account, serial_letter_id: str, **options: Any
    ) -> dict[str, Any]:
        """Ask for a split and wait until the background job is done; the serial letter."""
        response = await self.client.post(
            f"/api/smartpost/serial-letters/{serial_letter_id}/split",
            headers=account.staff,
            json=options,
        )
        assert response.status_code == 202, response.text
        for _ in range(1200):
            current = await self.get(account, serial_letter_id)
            if current["job"]["state"] in ("done", "failed"):
                assert current["job"]["state"] == "done", current["job"]
                return current
            await asyncio.sleep(0.05)
        raise AssertionError("the split did not finish within a minute")

    async def get(self, account: Account, serial_letter_id: str) -> dict[str, Any]:
        response = await self.client.get(
            f"/api/smartpost/serial-letters/{serial_letter_id}", headers=account.staff
        )
        assert response.status_code == 200, response.text
        return response.json()  # type: ignore[no-any-return]

    async def letters(self, account: Account, serial_letter_id: str) -> list[dict[str, Any]]:
        response = await self.client.get(
            f"/api/smartpost/serial-letters/{serial_letter_id}/letters", headers=account.staff
        )
        assert response.status_code == 200, response.text
        return response.json()  # type: ignore[no-any-return]

    async def published_events(self) -> list[Event]:
        outbox = messaging.outbox
        async with self.runtime.sessionmaker() as session:
            rows = await session.execute(select(outbox.c.payload).order_by(outbox.c.id))
            return [SMARTPOST_EVENTS.parse(row.payload) for row in rows]

    async def stored_keys(self, prefix: str) -> list[str]:
        return [summary.key async for summary in self.runtime.storage.list(prefix)]


def _json(body: dict[str, Any]) -> dict[str, Any]:
    return {k: str(v) if isinstance(v, uuid.UUID) else v for k, v in body.items()}


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(NOW)


@pytest.fixture
def settings_for(tmp_path: Path) -> Callable[..., SmartpostSettings]:
    def make(**overrides: Any) -> SmartpostSettings:
        values: dict[str, Any] = {
            "environment": "development",
            "database_url": f"sqlite+aiosqlite:///{tmp_path}/smartpost.db",
            "migrate_on_startup": True,
            "bus": "memory",
            "storage": "local",
            "storage_local_path": tmp_path / "objects",
            "work_dir": tmp_path / "work",
            "jwt_secret": SECRET,
            "log_json": False,
            "outbox_poll_interval_seconds": 0.05,
            "split_poll_interval_seconds": 0.05,
            "split_workers": 1,
        }
        return SmartpostSettings(**(values | overrides))

    return make


class _Running:
    def __init__(self, settings: SmartpostSettings, clock: FixedClock) -> None:
        self.settings, self.clock = settings, clock

    async def __aenter__(self) -> Service:
        reset_broker()
        app = create_app(self.settings, clock=self.clock)
        self._lifespan = LifespanManager(app, startup_timeout=60, shutdown_timeout=30)
        await self._lifespan.__aenter__()
        transport = httpx.ASGITransport(app=app)
        self._client = httpx.AsyncClient(transport=transport, base_url="http://smartpost")
        return Service(app=app, client=self._client, clock=self.clock)

    async def __aexit__(self, *exc: object) -> None:
        await self._client.aclose()
        await self._lifespan.__aexit__(*exc)


@pytest.fixture
def start_service(
    settings_for: Callable[..., SmartpostSettings], clock: FixedClock
) -> Callable[..., Any]:
    """``async with start_service(**settings) as service:`` a smartpost service of its own."""

    def start(**overrides: Any) -> Any:
        return _Running(settings_for(**overrides), clock)

    return start


@pytest.fixture
async def service(start_service: Callable[..., Any]) -> AsyncIterator[Service]:
    async with start_service() as running:
        yield running
