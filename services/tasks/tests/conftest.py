"""A running tasks service per test, its directory read model fed over the in-process bus as
the portal would, and one management company with neighbours, a former tenant still inside
its access window and one whose window has closed."""

from __future__ import annotations

import io
import json
import uuid
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pypdfium2
import pytest
from asgi_lifespan import LifespanManager
from sqlalchemy import select

from hausportal.contracts import directory as d
from hausportal.contracts.envelope import Event
from hausportal.contracts.topics import TASKS_EVENTS
from hausportal.kit import testing
from hausportal.kit.app import Runtime
from hausportal.kit.auth import Principal, issue_token
from hausportal.kit.bus.memory import reset_broker
from hausportal.kit.clock import FixedClock
from hausportal.tasks.main import create_app
from hausportal.tasks.models import messaging
from hausportal.tasks.settings import TasksSettings

SECRET = "t" * 48
NOW = datetime(2026, 12, 15, 9, 30, tzinfo=UTC)  # 10:30 in Berlin
TODAY = date(2026, 12, 15)
POST_CONTRACT_DAYS = 30
API = "/api/tasks"
# The smallest files of the kinds a ticket takes, recognised by their first bytes.
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n" + b"0" * 64


def headers_for(principal: Principal) -> dict[str, str]:
    jwt = issue_token(principal, secret=SECRET, issuer="hausportal", ttl=timedelta(hours=1))
    return {"Authorization": f"Bearer {jwt}"}


def _new() -> uuid.UUID:
    return uuid.uuid4()


@dataclass
class Agency:
    """A management company: staff, one house with two flats, and the people around it."""

    account_id: uuid.UUID = field(default_factory=_new)
    admin_id: uuid.UUID = field(default_factory=_new)
    staff_id: uuid.UUID = field(default_factory=_new)
    retired_staff_id: uuid.UUID = field(default_factory=_new)
    property_id: uuid.UUID = field(default_factory=_new)
    other_property_id: uuid.UUID = field(default_factory=_new)
    unit_1: uuid.UUID = field(default_factory=_new)
    unit_2: uuid.UUID = field(default_factory=_new)
    tenant: uuid.UUID = field(default_factory=_new)  # rents unit 1: the usual reporter
    owner: uuid.UUID = field(default_factory=_new)  # owns unit 1
    neighbour: uuid.UUID = field(default_factory=_new)  # rents unit 2
    former: uuid.UUID = field(default_factory=_new)  # rented unit 2 until 10 days ago
    gone: uuid.UUID = field(default_factory=_new)  # rented unit 2 until 100 days ago
    resident: uuid.UUID = field(default_factory=_new)  # registered resident, no contract

    @property
    def admin(self) -> dict[str, str]:
        return headers_for(
            Principal.staff(staff_id=self.admin_id, account_id=self.account_id, role="admin")
        )

    @property
    def staff(self) -> dict[str, str]:
        return headers_for(Principal.staff(staff_id=self.staff_id, account_id=self.account_id))

    def contact(self, contact_id: uuid.UUID) -> dict[str, str]:
        return headers_for(Principal.contact(contact_id=contact_id, account_id=self.account_id))

    def events(self) -> list[Event]:
        a = self.account_id
        out: list[Event] = [
            d.AccountUpserted(
                account_id=a,
                payload=d.AccountPayload(
                    account_id=a,
                    name="Hausverwaltung Müller & Söhne",
                    access=d.AccessWindows(post_contract_days=POST_CONTRACT_DAYS),
                ),
            )
        ]
        for staff_id, name, role, active in (
            (self.admin_id, "Anna Admin", d.StaffRole.admin, True),
            (self.staff_id, "Jörg Hausmeister", d.StaffRole.staff, True),
            (self.retired_staff_id, "Rudi Ruhestand", d.StaffRole.admin, False),
        ):
            out.append(
                d.StaffUpserted(
                    account_id=a,
                    payload=d.StaffPayload(
                        staff_id=staff_id,
                        name=name,
                        email=f"{name[:4]}@hv.example",
                        role=role,
                        active=active,
                    ),
                )
            )
        houses = ((self.property_id, "Lindenweg 3"), (self.other_property_id, "Ahornstraße 9"))
        for property_id, name in houses:
            out.append(
                d.PropertyUpserted(
                    account_id=a, payload=d.PropertyPayload(property_id=property_id, name=name)
                )
            )
        for unit_id, name in ((self.unit_1, "WE 01"), (self.unit_2, "WE 02")):
            out.append(
                d.UnitUpserted(
                    account_id=a,
                    payload=d.UnitPayload(unit_id=unit_id, property_id=self.property_id, name=name),
                )
            )
        people = {
            self.tenant: "Tim Mieter",
            self.owner: "Olga Eigentümerin",
            self.neighbour: "Nora Nachbarin",
            self.former: "Fritz Früher",
            self.gone: "Greta Gegangen",
        }
        for contact_id, name in people.items():
            out.append(
                d.ContactUpserted(
                    account_id=a,
                    payload=d.ContactPayload(contact_id=contact_id, name=name, registered=True),
                )
            )
        out.append(
            d.ContactUpserted(
                account_id=a,
                payload=d.ContactPayload(
                    contact_id=self.resident,
                    name="Rita Bewohnerin",
                    registered=True,
                    resident_property_ids=(self.property_id,),
                ),
            )
        )
        contracts = (
            (self.tenant, self.unit_1, d.ContractRole.tenant, date(2024, 3, 1), None),
            (self.owner, self.unit_1, d.ContractRole.owner, date(2019, 1, 1), None),
            (self.neighbour, self.unit_2, d.ContractRole.tenant, date(2026, 9, 1), None),
            (
                self.former,
                self.unit_2,
                d.ContractRole.tenant,
                date(2022, 1, 1),
                TODAY - timedelta(days=10),
            ),
            (
                self.gone,
                self.unit_2,
                d.ContractRole.tenant,
                date(2020, 1, 1),
                TODAY - timedelta(days=100),
            ),
        )
        for contact_id, unit_id, role, start, end in contracts:
            out.append(
                d.ContractUpserted(
                    account_id=a,
                    payload=d.ContractPayload(
                        contract_id=uuid.uuid4(),
                        contact_id=contact_id,
                        unit_id=unit_id,
                        property_id=self.property_id,
                        role=role,
                        start=start,
                        end=end,
                    ),
                )
            )
        return out


@dataclass
class Tasks:
    """The running service, a client for it and ways to look inside."""

    client: httpx.AsyncClient
    runtime: Runtime
    clock: FixedClock

    async def announce(self, *announced: Event) -> None:
        """Publish events on the bus as their producers do; wait until the consumer took
        each of them."""
        await testing.announce(self.runtime, *announced)

    async def agency(self) -> Agency:
        agency = Agency()
        await self.announce(*agency.events())
        return agency

    async def ticket_types(self, agency: Agency) -> dict[str, dict[str, Any]]:
        response = await self.client.get(f"{API}/ticket-types", headers=agency.staff)
        assert response.status_code == 200, response.text
        return {t["name"]: t for t in response.json()}

    async def report(
        self,
        headers: dict[str, str],
        agency: Agency,
        *,
        type_name: str = "Schaden melden",
        values: dict[str, Any] | None = None,
        files: list[tuple[str, bytes, str]] | None = None,
        expect: int = 201,
        **form: Any,
    ) -> dict[str, Any]:
        types = await self.ticket_types(agency)
        data = {
            "ticket_type_id": str(types[type_name]["id"]),
            "title": "Heizung kalt",
            "description": "Die Heizung im Bad bleibt kalt.",
            "property_id": str(agency.property_id),
            "field_values": json.dumps(
                {"ort": "Bad", "dringlichkeit": "hoch"} if values is None else values
            ),
        }
        data |= {k: str(v) for k, v in form.items() if v is not None}
        response = await self.client.post(
            f"{API}/tickets",
            headers=headers,
            data=data,
            files=[("files", f) for f in files or []],
        )
        assert response.status_code == expect, response.text
        return response.json()  # type: ignore[no-any-return]

    async def events(self) -> list[Event]:
        outbox = messaging.outbox
        async with self.runtime.sessionmaker() as session:
            rows = await session.execute(select(outbox.c.payload).order_by(outbox.c.id))
            return [TASKS_EVENTS.parse(row.payload) for row in rows]

    async def pdf_text(self, headers: dict[str, str], ticket_id: str, **params: Any) -> str:
        response = await self.client.get(
            f"{API}/tickets/{ticket_id}/pdf", headers=headers, params=params
        )
        assert response.status_code == 200, response.text
        assert response.headers["content-type"] == "application/pdf"
        return pdf_text(response.content)


def pdf_text(content: bytes) -> str:
    document = pypdfium2.PdfDocument(io.BytesIO(content))
    try:
        return "\n".join(page.get_textpage().get_text_range() for page in document)
    finally:
        document.close()


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(NOW)


@pytest.fixture
def settings_for(tmp_path: Path) -> Callable[..., TasksSettings]:
    def make(**overrides: Any) -> TasksSettings:
        return TasksSettings(
            **{
                "environment": "development",
                "database_url": f"sqlite+aiosqlite:///{tmp_path}/tasks.db",
                "migrate_on_startup": True,
                "bus": "memory",
                "storage": "local",
                "storage_local_path": tmp_path / "objects",
                "jwt_secret": SECRET,
                "log_json": False,
                "outbox_poll_interval_seconds": 0.05,
                **overrides,
            }
        )

    return make


@pytest.fixture
def run_tasks(settings_for: Callable[..., TasksSettings], clock: FixedClock) -> Callable[..., Any]:
    """``async with run_tasks(**settings) as tasks:`` a tasks service of its own."""

    @asynccontextmanager
    async def run(**overrides: Any) -> AsyncIterator[Tasks]:
        reset_broker()  # the process-wide in-process broker: nothing left from other tests
        app = create_app(settings_for(**overrides), clock=clock)
        async with LifespanManager(app, startup_timeout=60, shutdown_timeout=30):
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(transport=transport, base_url="http://tasks") as client:
                yield Tasks(client=client, runtime=app.state.runtime, clock=clock)

    return run


@pytest.fixture
async def tasks(run_tasks: Callable[..., Any]) -> AsyncIterator[Tasks]:
    async with run_tasks() as running:
        yield running


@pytest.fixture
async def agency(tasks: Tasks) -> Agency:
    return await tasks.agency()
