"""The daily digest with an injected clock: one e-mail per contact and Berlin day at the
configured hour (summer time or not), listing the documents it can see that arrived since the
last digest; deleted ones left out; nothing for an empty list; once, whatever runs twice."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

import pytest
from sqlalchemy import func, select

from hausportal.contracts.documents import Audience, DocumentPublished, Group
from hausportal.kit.clock import FixedClock
from hausportal.kit.visibility import BERLIN
from hausportal.notify.models import JobKind, NotificationJob
from hausportal.notify.notifications.digest import latest_digest_time

if TYPE_CHECKING:
    from conftest import NotifyApp, Person, StartApp, StartSmtp, World

LONG_AGO = date(2020, 1, 1)


def berlin(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=BERLIN)


class House:
    """Lindenstraße 5: three tenants who chose differently, and a tenant next door."""

    def __init__(self, world: World) -> None:
        self.world = w = world
        self.linden = w.property("Lindenstraße 5")
        birken = w.property("Birkenweg 2")
        units = [w.unit(self.linden, f"WE 0{i}") for i in (1, 2, 3)]
        self.dora = self._tenant("Dora Digest", self.linden, units[0])  # the default
        self.ines = self._tenant("Ines Immer", self.linden, units[1])  # immediate
        self.nils = self._tenant("Nils Nie", self.linden, units[2])  # none
        self.next_door = self._tenant("Bernd Birke", birken, w.unit(birken, "WE 01"))

    def _tenant(self, name: str, property_id: uuid.UUID, unit_id: uuid.UUID) -> Person:
        person = self.world.contact(name)
        self.world.contract(person, property_id=property_id, unit_id=unit_id, start=LONG_AGO)
        return person

    def for_tenants(self, title: str, **fields: Any) -> DocumentPublished:
        return self.world.published(
            title,
            property_id=self.linden,
            audience=Audience(groups=frozenset({Group.tenants})),
            notify_now=False,
            **fields,
        )

    async def set_up(self, notify: NotifyApp, headers: Callable[..., dict[str, str]]) -> None:
        await notify.apply(*self.world.events)
        for person, mode in ((self.ines, "immediate"), (self.nils, "none")):
            response = await notify.client.put(
                f"/api/notify/contacts/{person.contact_id}/preferences",
                json={"documents": mode},
                headers=headers(self.world.account_id),
            )
            assert response.status_code == 200, response.text


@pytest.fixture
def house(world: World) -> House:
    return House(world)


async def publish_at(notify: NotifyApp, clock: FixedClock, at: datetime, *events: Any) -> None:
    clock.set(at)
    await notify.apply(*events)
    clock.advance(timedelta(seconds=1))  # past the settle time: the immediate mails go


async def digests(notify: NotifyApp, account_id: uuid.UUID) -> list[dict[str, Any]]:
    return (await notify.mails(account_id, kind="document_digest"))["items"]  # type: ignore[no-any-return]


async def three_documents_and_the_next_morning(
    notify: NotifyApp,
    clock: FixedClock,
    house: House,
    *,
    day: date,
    delete_second: bool = False,
) -> list[DocumentPublished]:
    documents = [
        house.for_tenants("Nebenkostenabrechnung 2025"),
        house.for_tenants("Protokoll Eigentümerversammlung"),
        house.for_tenants("Hausordnung"),
    ]
    for hour, document in zip((9, 11, 15), documents, strict=True):
        await publish_at(notify, clock, berlin(day, hour), document)
    account = house.world.account_id
    await notify.wait_for_mails(account, count=3)  # Ines's
    if delete_second:
        await publish_at(notify, clock, berlin(day, 20), house.world.deleted(documents[1]))

    next_day = day + timedelta(days=1)
    clock.set(berlin(next_day, 6, 59))
    await asyncio.sleep(0.5)
    assert await digests(notify, account) == []

    clock.set(berlin(next_day, 7, 0))
    await notify.wait_for_mails(account, count=4)  # and Dora's digest
    return documents


@pytest.mark.parametrize(
    "day",
    [
        pytest.param(date(2026, 6, 16), id="summer"),
        pytest.param(date(2026, 3, 28), id="digest-on-the-last-sunday-of-march"),
        pytest.param(date(2026, 3, 29), id="published-on-the-last-sunday-of-march"),
        pytest.param(date(2026, 10, 24), id="digest-on-the-last-sunday-of-october"),
        pytest.param(date(2026, 10, 25), id="published-on-the-last-sunday-of-october"),
    ],
)
async def test_three_documents_make_one_digest_the_next_morning_at_seven_in_berlin(
    start_app: StartApp,
    start_smtp: StartSmtp,
    house: House,
    staff_headers: Callable[..., dict[str, str]],
    closed_port: Callable[[], int],
    day: date,
) -> None:
    port = closed_port()
    server = start_smtp(port)
    clock = FixedClock(berlin(day, 8))
    async with start_app(smtp_port=port, clock=clock) as notify:
        await house.set_up(notify, staff_headers)
        await three_documents_and_the_next_morning(notify, clock, house, day=day)
        await asyncio.sleep(0.5)

        account = house.world.account_id
        [digest] = await digests(notify, account)
        assert digest["contact_id"] == str(house.dora.contact_id)
        # Composed at 07:00 on the clock in Germany: 05:00 UTC in summer, 06:00 UTC in winter.
        assert datetime.fromisoformat(digest["created_at"]) == berlin(day + timedelta(days=1), 7)
        [mail] = server.messages_to(house.dora.email)
        assert mail.subject == "Ihre Tagesübersicht: 3 neue Dokumente im Hausportal"
        for part in (mail.text, mail.html):
            assert "Nebenkostenabrechnung 2025" in part
            assert "Protokoll Eigentümerversammlung" in part
            assert "Hausordnung" in part
            assert "Lindenstraße 5" in part
            assert "Guten Tag Dora Digest," in part
        # Immediate: three mails, one per document, and no digest; none: nothing at all.
        ines = server.messages_to(house.ines.email)
        assert sorted(m.subject for m in ines) == [
            "Neues Dokument: Hausordnung",
            "Neues Dokument: Nebenkostenabrechnung 2025",
            "Neues Dokument: Protokoll Eigentümerversammlung",
        ]
        assert server.messages_to(house.nils.email) == []
        assert server.messages_to(house.next_door.email) == []

        # The next morning: nothing new, so no digest at all.
        clock.set(berlin(day + timedelta(days=2), 7, 5))
        await asyncio.sleep(0.5)
        assert len(await digests(notify, account)) == 1
        assert len(server.messages_to(house.dora.email)) == 1


async def test_a_document_deleted_before_the_digest_is_left_out(
    start_app: StartApp,
    start_smtp: StartSmtp,
    house: House,
    staff_headers: Callable[..., dict[str, str]],
    closed_port: Callable[[], int],
    database_url: str,
) -> None:
    port = closed_port()
    server = start_smtp(port)
    day = date(2026, 11, 10)
    clock = FixedClock(berlin(day, 8))
    async with start_app(smtp_port=port, clock=clock, database_url=database_url) as notify:
        await house.set_up(notify, staff_headers)
        await three_documents_and_the_next_morning(
            notify, clock, house, day=day, delete_second=True
        )
        await asyncio.sleep(0.5)

        [mail] = server.messages_to(house.dora.email)
        assert mail.subject == "Ihre Tagesübersicht: 2 neue Dokumente im Hausportal"
        for part in (mail.text, mail.html):
            assert "Nebenkostenabrechnung 2025" in part
            assert "Hausordnung" in part
            assert "Protokoll Eigentümerversammlung" not in part


async def test_documents_after_the_digest_hour_wait_for_the_next_day(
    start_app: StartApp,
    start_smtp: StartSmtp,
    house: House,
    staff_headers: Callable[..., dict[str, str]],
    closed_port: Callable[[], int],
) -> None:
    port = closed_port()
    server = start_smtp(port)
    day = date(2026, 11, 10)
    clock = FixedClock(berlin(day, 6))
    async with start_app(smtp_port=port, clock=clock, digest_hour=18) as notify:
        await house.set_up(notify, staff_headers)
        await publish_at(notify, clock, berlin(day, 17, 59), house.for_tenants("Vor sechs"))
        await publish_at(notify, clock, berlin(day, 18, 0), house.for_tenants("Um sechs"))
        clock.set(berlin(day, 18, 1))
        account = house.world.account_id
        await notify.wait_for_mails(account, count=3)  # Ines twice, Dora's digest

        clock.set(berlin(day + timedelta(days=1), 18, 0))
        await notify.wait_for_mails(account, count=4)
        first, second = server.messages_to(house.dora.email)
        assert "Vor sechs" in first.text
        assert "Um sechs" not in first.text
        assert "Um sechs" in second.text
        assert "Vor sechs" not in second.text


def test_the_digest_time_is_seven_on_the_clock_in_germany() -> None:
    def utc_hour(now: datetime) -> tuple[date, int]:
        day, moment = latest_digest_time(now, hour=7)
        return day, moment.hour

    # Summer time begins 2026-03-29 02:00 and ends 2026-10-25 03:00.
    assert utc_hour(berlin(date(2026, 3, 29), 6, 59)) == (date(2026, 3, 28), 6)
    assert utc_hour(berlin(date(2026, 3, 29), 7, 0)) == (date(2026, 3, 29), 5)
    assert utc_hour(berlin(date(2026, 10, 25), 6, 59)) == (date(2026, 10, 24), 5)
    assert utc_hour(berlin(date(2026, 10, 25), 7, 0)) == (date(2026, 10, 25), 6)


async def test_two_replicas_and_a_restart_send_one_digest_per_contact_and_day(
    start_app: StartApp,
    start_smtp: StartSmtp,
    house: House,
    staff_headers: Callable[..., dict[str, str]],
    closed_port: Callable[[], int],
    postgres_database: str,
) -> None:
    port = closed_port()
    server = start_smtp(port)
    day = date(2026, 11, 10)
    clock = FixedClock(berlin(day, 8))
    account = house.world.account_id
    settings = {"smtp_port": port, "clock": clock, "database_url": postgres_database}
    async with start_app(**settings) as first:
        await house.set_up(first, staff_headers)
        for hour in (9, 11, 15):
            await publish_at(first, clock, berlin(day, hour), house.for_tenants(f"Um {hour}"))
        await first.wait_for_mails(account, count=3)
        async with start_app(**settings):
            clock.set(berlin(day + timedelta(days=1), 7))
            await first.wait_for_mails(account, count=4)
            await asyncio.sleep(1.0)
    async with start_app(**settings) as restarted:
        clock.set(berlin(day + timedelta(days=1), 9))
        await asyncio.sleep(1.0)
        assert len(await digests(restarted, account)) == 1
        async with restarted.runtime.sessionmaker() as session:
            jobs = await session.scalar(
                select(func.count())
                .select_from(NotificationJob)
                .where(NotificationJob.kind == JobKind.digest.value)
            )
        assert jobs == 1
    assert len(server.messages_to(house.dora.email)) == 1
