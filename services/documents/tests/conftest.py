"""A running documents service for each test, its read model fed through the bus, and a
small directory (account, property, units, contacts, contracts) to share documents with."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from asgi_lifespan import LifespanManager
from fastapi import FastAPI
from sqlalchemy import select

from hausportal.contracts import directory as events
from hausportal.contracts import smartpost
from hausportal.contracts.envelope import Event
from hausportal.contracts.topics import DOCUMENTS_EVENTS
from hausportal.documents.main import create_app
from hausportal.documents.models import messaging
from hausportal.documents.settings import DocumentsSettings
from hausportal.kit import testing
from hausportal.kit.app import Runtime
from hausportal.kit.auth import Principal, issue_token
from hausportal.kit.bus.memory import reset_broker
from hausportal.kit.clock import FixedClock

SECRET = "x" * 48
# 11:00 in Berlin: "today" for contracts is 2026-12-10.
NOW = datetime(2026, 12, 10, 10, 0, tzinfo=UTC)
TODAY = date(2026, 12, 10)


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(NOW)


@pytest.fixture
def settings_for(tmp_path: Path) -> Callable[..., DocumentsSettings]:
    def make(**overrides: Any) -> DocumentsSettings:
        values: dict[str, Any] = {
            "environment": "development",
            "database_url": f"sqlite+aiosqlite:///{tmp_path}/documents.db",
            "migrate_on_startup": True,
            "bus": "memory",
            "storage": "local",
            "storage_local_path": tmp_path / "objects",
            "jwt_secret": SECRET,
            "log_json": False,
            "outbox_poll_interval_seconds": 0.05,
        }
        return DocumentsSettings(**(values | overrides))

    return make


def token(principal: Principal) -> dict[str, str]:
    jwt = issue_token(principal, secret=SECRET, issuer="hausportal", ttl=timedelta(hours=1))
    return {"Authorization": f"Bearer {jwt}"}


@dataclass
class Account:
    """One management company's directory, as the portal would announce it."""

    account_id: uuid.UUID = field(default_factory=uuid.uuid4)
    staff_id: uuid.UUID = field(default_factory=uuid.uuid4)
    property_id: uuid.UUID = field(default_factory=uuid.uuid4)
    unit_1: uuid.UUID = field(default_factory=uuid.uuid4)
    unit_2: uuid.UUID = field(default_factory=uuid.uuid4)
    owner_1: uuid.UUID = field(default_factory=uuid.uuid4)  # owns unit 1
    tenant_1: uuid.UUID = field(default_factory=uuid.uuid4)  # rents unit 1
    tenant_2: uuid.UUID = field(default_factory=uuid.uuid4)  # rents unit 2
    former_tenant: uuid.UUID = field(default_factory=uuid.uuid4)  # rented unit 2 until yesterday
    resident: uuid.UUID = field(default_factory=uuid.uuid4)  # registered resident, no contract

    @property
    def staff(self) -> dict[str, str]:
        return token(Principal.staff(staff_id=self.staff_id, account_id=self.account_id))

    def contact(self, contact_id: uuid.UUID) -> dict[str, str]:
        return token(Principal.contact(contact_id=contact_id, account_id=self.account_id))

    def events(self) -> list[Event]:
        a = self.account_id
        contacts = {
            self.owner_1: "Olga Eigentümer",
            self.tenant_1: "Tim Mieter",
            self.tenant_2: "Tina Mieterin",
            self.former_tenant: "Fritz Früher",
        }
        found: list[Event] = [
            events.AccountUpserted(
                account_id=a, payload=events.AccountPayload(account_id=a, name="HV Muster")
            ),
            events.PropertyUpserted(
                account_id=a,
                payload=events.PropertyPayload(property_id=self.property_id, name="Lindenweg 3"),
            ),
            *(
                events.UnitUpserted(
                    account_id=a,
                    payload=events.UnitPayload(
                        unit_id=unit, property_id=self.property_id, name=f"WE 0{n}"
                    ),
                )
                for n, unit in ((1, self.unit_1), (2, self.unit_2))
            ),
            *(
                events.ContactUpserted(
                    account_id=a,
                    payload=events.ContactPayload(contact_id=contact_id, name=name),
                )
                for contact_id, name in contacts.items()
            ),
            events.ContactUpserted(
                account_id=a,
                payload=events.ContactPayload(
                    contact_id=self.resident,
                    name="Rita Bewohnerin",
                    registered=True,
                    resident_property_ids=(self.property_id,),
                ),
            ),
        ]
        contracts = [
            (self.owner_1, self.unit_1, events.ContractRole.owner, date(2020, 1, 1), None),
            (self.tenant_1, self.unit_1, events.ContractRole.tenant, date(2024, 3, 1), None),
            (self.tenant_2, self.unit_2, events.ContractRole.tenant, TODAY, None),
            (
                self.former_tenant,
                self.unit_2,
                events.ContractRole.tenant,
                date(2021, 5, 1),
                TODAY - timedelta(days=1),
            ),
        ]
        for contact_id, unit_id, role, start, end in contracts:
            found.append(
                events.ContractUpserted(
                    account_id=a,
                    payload=events.ContractPayload(
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
        return found


@dataclass
class Service:
    """The running app, a client for it, and what a test needs to look inside."""

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

    async def account(self) -> Account:
        account = Account()
        await self.announce(*account.events())
        return account

    async def upload(
        self,
        headers: Mapping[str, str],
        files: Sequence[tuple[str, bytes]],
        *,
        path: str = "/api/documents/documents",
        **fields: Any,
    ) -> httpx.Response:
        data = {name: _form_value(value) for name, value in fields.items() if value is not None}
        return await self.client.post(
            path,
            headers=headers,
            files=[("files", (name, content)) for name, content in files],
            data=data,
        )

    async def letter(
        self,
        account: Account,
        content: bytes,
        *,
        contact_id: uuid.UUID,
        unit_id: uuid.UUID | None = None,
        serial_letter_id: uuid.UUID | None = None,
        **payload: Any,
    ) -> smartpost.LetterPublished:
        """A letter as smartpost publishes it: its PDF written once under smartpost's key, and
        the event (not sent yet; ``announce`` it)."""
        letter_id = payload.pop("letter_id", None) or uuid.uuid4()
        serial_letter_id = serial_letter_id or uuid.uuid4()
        key = f"{account.account_id}/smartpost/{serial_letter_id}/letters/{letter_id}.pdf"
        stored = await self.runtime.storage.put(key, content, content_type="application/pdf")
        values: dict[str, Any] = {
            "letter_id": letter_id,
            "serial_letter_id": serial_letter_id,
            "contact_id": contact_id,
            "property_id": account.property_id,
            "unit_id": unit_id,
            "title": "Einladung zur Eigentümerversammlung",
            "document_type": "Rundschreiben",
            "file_name": "Einladung.pdf",
            "object_key": stored.key,
            "size": stored.size,
            "sha256": stored.sha256,
            "page_count": 2,
            "published_at": self.clock.now(),
            "published_by": account.staff_id,
        }
        return smartpost.LetterPublished(
            account_id=account.account_id,
            payload=smartpost.LetterPayload(**(values | payload)),
        )

    @staticmethod
    def withdrawal(letter: smartpost.LetterPublished) -> smartpost.LetterWithdrawn:
        """smartpost taking the published letter back."""
        p = letter.payload
        return smartpost.LetterWithdrawn(
            account_id=letter.account_id,
            payload=smartpost.LetterRef(
                letter_id=p.letter_id,
                serial_letter_id=p.serial_letter_id,
                contact_id=p.contact_id,
                property_id=p.property_id,
                unit_id=p.unit_id,
            ),
        )

    async def wait_until_gone(self, key: str) -> bool:
        """Whether the objects under ``key`` disappear within a few seconds (the purge)."""
        for _ in range(100):
            if not await self.stored_keys(key):
                return True
            await asyncio.sleep(0.05)
        return False

    async def outbox_events(self) -> list[Event]:
        outbox = messaging.outbox
        async with self.runtime.sessionmaker() as session:
            rows = await session.execute(select(outbox.c.payload).order_by(outbox.c.id))
            return [DOCUMENTS_EVENTS.parse(row.payload) for row in rows]

    async def stored_keys(self, prefix: str) -> list[str]:
        return [summary.key async for summary in self.runtime.storage.list(prefix)]


def _form_value(value: Any) -> Any:
    if isinstance(value, list | tuple):
        return [str(item) for item in value]
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


@pytest.fixture
def start_service(
    settings_for: Callable[..., DocumentsSettings], clock: FixedClock
) -> Callable[..., Any]:
    """``async with start_service(**settings) as service:`` a documents service of its own."""

    def start(**overrides: Any) -> Any:
        return _running(settings_for(**overrides), clock)

    return start


class _running:
    def __init__(self, settings: DocumentsSettings, clock: FixedClock) -> None:
        self.settings, self.clock = settings, clock

    async def __aenter__(self) -> Service:
        # The process-wide in-process broker: a fresh one, so no test sees another's messages.
        reset_broker()
        app = create_app(self.settings, clock=self.clock)
        self._lifespan = LifespanManager(app, startup_timeout=60, shutdown_timeout=30)
        await self._lifespan.__aenter__()
        transport = httpx.ASGITransport(app=app)
        self._client = httpx.AsyncClient(transport=transport, base_url="http://documents")
        return Service(app=app, client=self._client, clock=self.clock)

    async def __aexit__(self, *exc: object) -> None:
        await self._client.aclose()
        await self._lifespan.__aexit__(*exc)


@pytest.fixture
async def service(start_service: Callable[..., Any]) -> AsyncIterator[Service]:
    async with start_service() as running:
        yield running


@pytest.fixture
async def account(service: Service) -> Account:
    return await service.account()
