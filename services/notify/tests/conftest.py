"""Fixtures of notify's tests: the app on the in-process bus, directory data, SMTP servers."""

from __future__ import annotations

import asyncio
import email
import email.policy
import socket
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from aiosmtpd.controller import Controller
from asgi_lifespan import LifespanManager
from fastapi import FastAPI
from sqlalchemy import select

from hausportal.contracts import directory as d
from hausportal.contracts.directory import ContractRole
from hausportal.contracts.documents import (
    Audience,
    DocumentDeleted,
    DocumentPayload,
    DocumentPublished,
    DocumentRef,
    Group,
)
from hausportal.contracts.envelope import Event
from hausportal.contracts.portal import (
    AnnouncementDeleted,
    AnnouncementPayload,
    AnnouncementRef,
    AppointmentPayload,
    AppointmentPublished,
    InvitationCreated,
    InvitationKind,
    InvitationPayload,
    MessagePublished,
    PasswordResetPayload,
    PasswordResetRequested,
)
from hausportal.kit import testing
from hausportal.kit.auth import Principal, issue_token
from hausportal.kit.bus.memory import reset_broker
from hausportal.kit.clock import Clock, SystemClock, today
from hausportal.notify.main import create_app
from hausportal.notify.models import messaging
from hausportal.notify.settings import NotifySettings

JWT_SECRET = "x" * 48
TODAY = today(SystemClock())


def free_port() -> int:
    """A port nothing listens on (until someone starts a server there)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def wait_until(check: Callable[[], Awaitable[bool]], *, within: float = 15.0) -> None:
    deadline = time.monotonic() + within
    while not await check():
        if time.monotonic() > deadline:
            raise AssertionError(f"not true within {within} s: {check.__name__}")
        await asyncio.sleep(0.05)


def unique_address(name: str) -> str:
    local = "".join(ch if ch.isascii() and ch.isalnum() else "." for ch in name.lower())
    return f"{local}.{uuid.uuid4().hex[:10]}@example.test"


# --- the app ------------------------------------------------------------------------------


@dataclass
class NotifyApp:
    app: FastAPI
    client: httpx.AsyncClient

    @property
    def runtime(self) -> Any:
        return self.app.state.runtime

    async def publish(self, *events: Event) -> None:
        """Through the app's bus, as the portal and documents services would."""
        for event in events:
            await self.runtime.bus.publish(type(event).topic, event.to_bytes(), key=event.key)

    async def apply(self, *events: Event) -> None:
        """Publish and wait until notify has processed them all (its inbox has their ids).

        Directory events go first this way: across topics there is no order, and a test
        on a busy machine must not depend on the settle time being long enough.
        """
        await self.publish(*events)
        ids = {event.id for event in events}
        inbox = messaging.inbox

        async def processed() -> bool:
            async with self.runtime.sessionmaker() as session:
                rows = await session.scalars(
                    select(inbox.c.event_id).where(inbox.c.event_id.in_(ids))
                )
                return set(rows) == ids

        await wait_until(processed)

    def use_settings(self, **changes: Any) -> None:
        """Change the running app's settings (the sender reads them every round)."""
        self.runtime.settings = self.runtime.settings.model_copy(update=changes)

    async def mails(self, account_id: uuid.UUID, **query: Any) -> dict[str, Any]:
        response = await self.client.get(
            "/api/notify/mails", params=query, headers=_headers(account_id)
        )
        assert response.status_code == 200, response.text
        return response.json()  # type: ignore[no-any-return]

    async def wait_for_mails(
        self, account_id: uuid.UUID, *, count: int, status: str = "sent", within: float = 30.0
    ) -> list[dict[str, Any]]:
        found: list[dict[str, Any]] = []

        async def arrived() -> bool:
            nonlocal found
            found = (await self.mails(account_id, status=status, limit=200))["items"]
            return len(found) >= count

        try:
            await wait_until(arrived, within=within)
        except AssertionError:
            everything = (await self.mails(account_id, limit=200))["items"]
            raise AssertionError(f"{count} {status} mails expected; all: {everything}") from None
        return found


def _headers(
    account_id: uuid.UUID, *, kind: str = "staff", contact_id: uuid.UUID | None = None
) -> dict[str, str]:
    if kind == "staff":
        principal = Principal.staff(staff_id=uuid.uuid4(), account_id=account_id)
    else:
        principal = Principal.contact(contact_id=contact_id or uuid.uuid4(), account_id=account_id)
    token = issue_token(principal, secret=JWT_SECRET, issuer="hausportal", ttl=timedelta(minutes=5))
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture
def staff_headers() -> Callable[..., dict[str, str]]:
    """``staff_headers(account_id, kind="staff"|"contact", contact_id=...)``: a bearer token
    header."""
    return _headers


StartApp = Callable[..., Any]


@pytest.fixture
def start_app(tmp_path: Path) -> StartApp:
    """``async with start_app(smtp_port=..., **settings) as notify:`` a running notify app."""

    @asynccontextmanager
    async def start(
        *,
        smtp_host: str = "127.0.0.1",
        smtp_port: int,
        clock: Clock | None = None,
        **overrides: Any,
    ):  # type: ignore[no-untyped-def]
        reset_broker()  # a fresh in-process broker: no other test's events
        values: dict[str, Any] = {
            "environment": "development",
            "database_url": f"sqlite+aiosqlite:///{tmp_path / f'notify-{uuid.uuid4().hex[:8]}.db'}",
            "migrate_on_startup": True,
            "bus": "memory",
            "storage": "local",
            "storage_local_path": tmp_path / "objects",
            "jwt_secret": JWT_SECRET,
            "log_json": False,
            "smtp_host": smtp_host,
            "smtp_port": smtp_port,
            "smtp_timeout_seconds": 5.0,
            "notify_settle_seconds": 0.2,
            "notify_poll_interval_seconds": 0.05,
            "smtp_retry_base_seconds": 0.05,
            "smtp_retry_max_seconds": 0.2,
            "portal_url": "https://portal.example.test/portal",
            "mail_from": "Hausportal <noreply@hausportal.test>",
        }
        app = create_app(NotifySettings(**(values | overrides)), clock=clock)
        async with LifespanManager(app, startup_timeout=30, shutdown_timeout=30):
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(transport=transport, base_url="http://notify") as client:
                yield NotifyApp(app=app, client=client)

    return start


# --- SMTP servers -------------------------------------------------------------------------


@dataclass
class Maildev:
    """The real capture server shared by every test: always filter by your own addresses."""

    server: testing.SmtpServer

    async def messages_to(self, addresses: set[str]) -> list[dict[str, Any]]:
        async with httpx.AsyncClient(timeout=10) as client:
            response = await client.get(f"{self.server.api_url}/email")
        response.raise_for_status()
        return [
            message
            for message in response.json()
            if {to["address"].lower() for to in message["to"]} & {a.lower() for a in addresses}
        ]


@pytest.fixture
async def postgres_database() -> AsyncIterator[str]:
    """URL of a PostgreSQL database created for this test and dropped after it."""
    async with testing.fresh_postgres_database("hp_notify") as url:
        yield url


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The test once on a SQLite file and once on a fresh PostgreSQL database."""
    if request.param == "sqlite":
        return f"sqlite+aiosqlite:///{tmp_path / f'notify-{uuid.uuid4().hex[:8]}.db'}"
    return request.getfixturevalue("postgres_database")  # type: ignore[no-any-return]


@pytest.fixture
def maildev() -> Maildev:
    return Maildev(testing.smtp_server())


@dataclass
class Captured:
    """What an in-process aiosmtpd server received."""

    envelopes: list[Any] = field(default_factory=list)
    stop: Callable[[], None] = field(default=lambda: None, repr=False)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.envelopes.append(envelope)
        return "250 OK"

    def recipients(self) -> list[str]:
        return [to for envelope in self.envelopes for to in envelope.rcpt_tos]

    def messages_to(self, address: str) -> list[Received]:
        """The messages this server took for ``address``, oldest first."""
        return [
            Received.parse(envelope.content)
            for envelope in self.envelopes
            if address in envelope.rcpt_tos
        ]


@dataclass
class Received:
    """One message as a reader sees it: subject, text part, HTML part."""

    subject: str
    text: str
    html: str
    message_id: str

    @classmethod
    def parse(cls, content: bytes) -> Received:
        message = email.message_from_bytes(content, policy=email.policy.default)
        text = message.get_body(preferencelist=("plain",))
        html = message.get_body(preferencelist=("html",))
        assert text is not None, "a text part"
        assert html is not None, "an HTML part"
        return cls(
            subject=str(message["Subject"]),
            text=text.get_content(),
            html=html.get_content(),
            message_id=str(message["Message-ID"]),
        )


StartSmtp = Callable[[int], Captured]


@pytest.fixture
def start_smtp() -> AsyncIterator[StartSmtp]:  # type: ignore[misc]
    """``start_smtp(port)``: a real SMTP server (aiosmtpd) on 127.0.0.1:port, from now on;
    ``.stop()`` on what it returns takes it down again."""
    controllers: list[Controller] = []

    def start(port: int) -> Captured:
        captured = Captured()
        controller = Controller(captured, hostname="127.0.0.1", port=port)
        controller.start()
        controllers.append(controller)

        def stop() -> None:
            controllers.remove(controller)
            controller.stop()

        captured.stop = stop
        return captured

    yield start
    for controller in controllers:
        controller.stop()


# --- directory and document events --------------------------------------------------------


@dataclass
class Person:
    contact_id: uuid.UUID
    name: str
    email: str


@dataclass
class StaffMember:
    staff_id: uuid.UUID
    name: str
    email: str


@dataclass
class World:
    """An account's master data as directory events, built up by a test."""

    account_id: uuid.UUID = field(default_factory=uuid.uuid4)
    account_name: str = "Hausverwaltung Sonnenschein GmbH"
    events: list[Event] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.events.append(
            d.AccountUpserted(
                account_id=self.account_id,
                payload=d.AccountPayload(account_id=self.account_id, name=self.account_name),
            )
        )

    def property(self, name: str) -> uuid.UUID:
        property_id = uuid.uuid4()
        self.events.append(
            d.PropertyUpserted(
                account_id=self.account_id,
                payload=d.PropertyPayload(
                    property_id=property_id,
                    name=name,
                    address=d.PostalAddress(street=name, zip_code="10115", city="Berlin"),
                ),
            )
        )
        return property_id

    def staff(self, name: str, *, active: bool = True) -> StaffMember:
        member = StaffMember(uuid.uuid4(), name, unique_address(name))
        self.events.append(
            d.StaffUpserted(
                account_id=self.account_id,
                payload=d.StaffPayload(
                    staff_id=member.staff_id,
                    name=name,
                    email=member.email,
                    role=d.StaffRole.staff,
                    active=active,
                ),
            )
        )
        return member

    def branding(self, *, logo_url: str | None, primary_color: str | None) -> None:
        """The account's settings "Erscheinungsbild" (a new snapshot of the account)."""
        self.events.append(
            d.AccountUpserted(
                account_id=self.account_id,
                payload=d.AccountPayload(
                    account_id=self.account_id,
                    name=self.account_name,
                    branding=d.Branding(logo_url=logo_url, primary_color=primary_color),
                ),
            )
        )

    def unit(self, property_id: uuid.UUID, name: str) -> uuid.UUID:
        unit_id = uuid.uuid4()
        self.events.append(
            d.UnitUpserted(
                account_id=self.account_id,
                payload=d.UnitPayload(unit_id=unit_id, property_id=property_id, name=name),
            )
        )
        return unit_id

    def access(
        self, *, pre_contract_days: int | None = None, post_contract_days: int | None = None
    ) -> None:
        """The account's settings "Rollen & Zugriffsrechte" (a new snapshot of the account)."""
        self.events.append(
            d.AccountUpserted(
                account_id=self.account_id,
                payload=d.AccountPayload(
                    account_id=self.account_id,
                    name=self.account_name,
                    access=d.AccessWindows(
                        pre_contract_days=pre_contract_days, post_contract_days=post_contract_days
                    ),
                ),
            )
        )

    def contact(
        self,
        name: str,
        *,
        registered: bool = True,
        email: bool = True,
        resident_of: tuple[uuid.UUID, ...] = (),
    ) -> Person:
        person = Person(uuid.uuid4(), name, unique_address(name))
        self.events.append(
            d.ContactUpserted(
                account_id=self.account_id,
                payload=d.ContactPayload(
                    contact_id=person.contact_id,
                    name=name,
                    email=person.email if email else None,
                    registered=registered,
                    resident_property_ids=resident_of,
                ),
            )
        )
        return person

    def resident(self, name: str, *, property_id: uuid.UUID) -> Person:
        """Registered through the property's invite link: no contract."""
        return self.contact(name, resident_of=(property_id,))

    def contract(
        self,
        person: Person,
        *,
        property_id: uuid.UUID,
        unit_id: uuid.UUID,
        role: d.ContractRole = d.ContractRole.tenant,
        start: date = TODAY - timedelta(days=365),
        end: date | None = None,
    ) -> None:
        self.events.append(
            d.ContractUpserted(
                account_id=self.account_id,
                payload=d.ContractPayload(
                    contract_id=uuid.uuid4(),
                    contact_id=person.contact_id,
                    unit_id=unit_id,
                    property_id=property_id,
                    role=role,
                    start=start,
                    end=end,
                ),
            )
        )

    def tenant(
        self, name: str, *, property_id: uuid.UUID, unit_id: uuid.UUID, **contact: Any
    ) -> Person:
        person = self.contact(name, **contact)
        self.contract(person, property_id=property_id, unit_id=unit_id)
        return person

    def published(
        self,
        title: str,
        *,
        property_id: uuid.UUID,
        audience: Audience,
        unit_id: uuid.UUID | None = None,
        notify_now: bool = True,
    ) -> DocumentPublished:
        return DocumentPublished(
            account_id=self.account_id,
            payload=DocumentPayload(
                document_id=uuid.uuid4(),
                property_id=property_id,
                unit_id=unit_id,
                title=title,
                document_type="Abrechnung",
                audience=audience,
                file_name="abrechnung.pdf",
                content_type="application/pdf",
                size=12345,
                sha256="0" * 64,
                published_at=datetime.now(UTC),
                notify_now=notify_now,
            ),
        )

    def message(
        self,
        title: str,
        *,
        text: str = "Bitte beachten Sie die Hinweise im Treppenhaus.",
        property_ids: tuple[uuid.UUID, ...] = (),
        contact_ids: tuple[uuid.UUID, ...] = (),
        notify: bool = True,
        attachment_names: tuple[str, ...] = (),
    ) -> MessagePublished:
        return MessagePublished(
            account_id=self.account_id,
            payload=AnnouncementPayload(
                announcement_id=uuid.uuid4(),
                title=title,
                text=text,
                property_ids=property_ids,
                contact_ids=contact_ids,
                notify=notify,
                published_at=datetime.now(UTC),
                attachment_names=attachment_names,
            ),
        )

    def appointment(
        self,
        title: str,
        *,
        starts_at: datetime,
        ends_at: datetime | None = None,
        place: str | None = None,
        text: str = "",
        property_ids: tuple[uuid.UUID, ...] = (),
        contact_ids: tuple[uuid.UUID, ...] = (),
        notify: bool = False,
    ) -> AppointmentPublished:
        return AppointmentPublished(
            account_id=self.account_id,
            payload=AppointmentPayload(
                announcement_id=uuid.uuid4(),
                title=title,
                text=text,
                property_ids=property_ids,
                contact_ids=contact_ids,
                notify=notify,
                published_at=datetime.now(UTC),
                starts_at=starts_at,
                ends_at=ends_at,
                place=place,
            ),
        )

    def announcement_deleted(
        self, announcement: MessagePublished | AppointmentPublished
    ) -> AnnouncementDeleted:
        kind = "appointment" if isinstance(announcement, AppointmentPublished) else "message"
        return AnnouncementDeleted(
            account_id=self.account_id,
            payload=AnnouncementRef(
                announcement_id=announcement.payload.announcement_id, kind=kind
            ),
        )

    def invitation(
        self, kind: InvitationKind, *, email: str, link: str, **fields: Any
    ) -> InvitationCreated:
        return InvitationCreated(
            account_id=self.account_id,
            payload=InvitationPayload(
                invitation_id=uuid.uuid4(), kind=kind, email=email, link=link, **fields
            ),
        )

    def password_reset(
        self, *, email: str, link: str, expires_at: datetime, name: str | None = None
    ) -> PasswordResetRequested:
        return PasswordResetRequested(
            account_id=self.account_id,
            payload=PasswordResetPayload(email=email, name=name, link=link, expires_at=expires_at),
        )

    def deleted(self, document: DocumentPublished) -> DocumentDeleted:
        p = document.payload
        return DocumentDeleted(
            account_id=self.account_id,
            payload=DocumentRef(
                document_id=p.document_id, property_id=p.property_id, unit_id=p.unit_id
            ),
        )


Eventually = Callable[..., Awaitable[None]]


@pytest.fixture
def eventually() -> Eventually:
    """``await eventually(async_check)``: polls until true, fails after a timeout."""
    return wait_until


@pytest.fixture
def closed_port() -> Callable[[], int]:
    return free_port


class Estate:
    """Lindenstraße 5 with its people, a second property and a second account around it."""

    def __init__(self) -> None:
        self.world = w = World()
        self.linden = w.property("Lindenstraße 5")
        unit_1, unit_2, unit_3 = (w.unit(self.linden, f"WE 0{i}") for i in (1, 2, 3))
        self.erika = w.tenant("Erika Mustermann", property_id=self.linden, unit_id=unit_1)
        self.jonas = w.tenant("Jonas Weber", property_id=self.linden, unit_id=unit_2)
        # Tenants, but: no portal login (gets post) / contract over / no address.
        self.paula = w.tenant(
            "Paula Post", property_id=self.linden, unit_id=unit_3, registered=False
        )
        self.former = w.contact("Frieda Früher")
        w.contract(
            self.former,
            property_id=self.linden,
            unit_id=unit_3,
            start=TODAY - timedelta(days=900),
            end=TODAY - timedelta(days=30),
        )
        self.no_address = w.tenant(
            "Otto Ohnemail", property_id=self.linden, unit_id=unit_3, email=False
        )
        self.owner = w.contact("Olga Owner")
        w.contract(self.owner, property_id=self.linden, unit_id=unit_1, role=ContractRole.owner)
        self.birken = birken = w.property("Birkenweg 2")
        self.elsewhere = w.tenant(
            "Bernd Birke", property_id=birken, unit_id=w.unit(birken, "WE 01")
        )
        self.other = World(account_name="Andere Verwaltung AG")
        other_property = self.other.property("Lindenstraße 5")
        self.stranger = self.other.tenant(
            "Sven Fremd",
            property_id=other_property,
            unit_id=self.other.unit(other_property, "WE 01"),
        )

    @property
    def everyone(self) -> set[str]:
        people = [self.erika, self.jonas, self.paula, self.former, self.no_address, self.owner]
        return {p.email for p in [*people, self.elsewhere, self.stranger]}

    @property
    def events(self) -> list:  # type: ignore[type-arg]
        return [*self.world.events, *self.other.events]

    def for_tenants(self, title: str, **fields: Any) -> DocumentPublished:
        return self.world.published(
            title,
            property_id=self.linden,
            audience=Audience(groups=frozenset({Group.tenants})),
            **fields,
        )


@pytest.fixture
def estate() -> Estate:
    return Estate()


@pytest.fixture
def world() -> World:
    """A fresh account "Hausverwaltung Sonnenschein GmbH" with nothing in it yet."""
    return World()


Addresses = Callable[[str], str]


@pytest.fixture
def address() -> Addresses:
    """``address("Erika Neu")``: an address no other test (or run) uses."""
    return unique_address


class Neighbourhood:
    """The estate with the account's post-contract access on (30 days), a resident of
    Lindenstraße 5 and two contacts to name individually."""

    def __init__(self, estate: Estate) -> None:
        self.estate = estate
        w = estate.world
        w.access(post_contract_days=30)
        self.resident = w.resident("Rita Bewohnerin", property_id=estate.linden)
        birken_unit = w.unit(estate.birken, "WE 02")
        # Moved out of Birkenweg 10 days ago: still inside the 30 days after the contract.
        self.leaver = w.contact("Nora Nachlauf")
        w.contract(
            self.leaver,
            property_id=estate.birken,
            unit_id=birken_unit,
            start=TODAY - timedelta(days=400),
            end=TODAY - timedelta(days=10),
        )
        # Moved out 40 days ago: the window closed.
        self.gone = w.contact("Alf Abgelaufen")
        w.contract(
            self.gone,
            property_id=estate.birken,
            unit_id=birken_unit,
            start=TODAY - timedelta(days=800),
            end=TODAY - timedelta(days=40),
        )

    @property
    def people(self) -> list[Person]:
        e = self.estate
        return [
            e.erika,
            e.jonas,
            e.paula,
            e.former,
            e.no_address,
            e.owner,
            e.elsewhere,
            e.stranger,
            self.resident,
            self.leaver,
            self.gone,
        ]

    @property
    def everyone(self) -> set[str]:
        return {p.email for p in self.people}

    @property
    def events(self) -> list:  # type: ignore[type-arg]
        return self.estate.events


@pytest.fixture
def hood(estate: Estate) -> Neighbourhood:
    return Neighbourhood(estate)
