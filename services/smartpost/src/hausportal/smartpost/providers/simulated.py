"""A simulated print shop with the rules of a real one, for tests and demos.

Rules (all times Europe/Berlin, working days Monday to Friday; public holidays are not
modelled):

- Every working day has one production run; its cut-off (Annahmeschluss) is 16:00. An order
  received on a working day before 16:00 goes into that day's run; one received at or after
  16:00, or on a weekend, goes into the next working day's run.
- An order is accepted at once. It can be cancelled for 15 minutes after the shop received it,
  and never after the cut-off of its own run: the window closes at whichever comes first. An
  order received at 16:05 on a Tuesday belongs to Wednesday's run, so the cut-off does not
  shorten its window: it can be cancelled until 16:20 on Tuesday.
- When the window closes the order goes into production (the shop takes it into pre-press at
  once; cancellable and "accepted" are the same thing). Cancelling at exactly the closing
  moment is refused.
- The letters are handed to the post (sent) at 20:00 on the run's day.
- The 15 minutes are real minutes, not wall-clock minutes: across a daylight-saving change an
  order placed at 01:50 can be cancelled until 03:05.

The shop keeps its orders in object storage, one JSON document per order, so a new instance
over the same storage (a restart) sees the same orders. State changes are applied when the
order is next looked at, dated with the moment they became due.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from hausportal.kit.clock import Clock
from hausportal.kit.storage.port import ObjectStorage
from hausportal.kit.visibility import BERLIN
from hausportal.smartpost.engine.printcheck import ProviderLimits
from hausportal.smartpost.providers.port import (
    CancelRefused,
    OrderRecord,
    OrderState,
    PrintOrder,
    ProviderOrder,
    ProviderUnavailable,
    new_record,
)
from hausportal.smartpost.providers.records import OrderBook

CANCEL_WINDOW = timedelta(minutes=15)
CUT_OFF = time(16, 0)
HANDED_TO_POST = time(20, 0)


@dataclass(frozen=True)
class Schedule:
    """When an order received at one moment moves on."""

    run_day: date
    cancellable_until: datetime  # also the moment it goes into production
    closed_by_cut_off: bool  # the run's cut-off, not the 15 minutes, ends the window
    sent_at: datetime


def run_day_of(received_at: datetime) -> date:
    local = received_at.astimezone(BERLIN)
    day = local.date()
    if _is_working_day(day) and local.time() < CUT_OFF:
        return day
    day += timedelta(days=1)
    while not _is_working_day(day):
        day += timedelta(days=1)
    return day


def schedule_of(received_at: datetime) -> Schedule:
    run_day = run_day_of(received_at)
    cut_off = _berlin(run_day, CUT_OFF)
    window_end = received_at.astimezone(UTC) + CANCEL_WINDOW
    return Schedule(
        run_day=run_day,
        cancellable_until=min(window_end, cut_off),
        closed_by_cut_off=cut_off < window_end,
        sent_at=_berlin(run_day, HANDED_TO_POST),
    )


class SimulatedPrintShop:
    """The simulated shop's orders of one account (a real provider's credentials are per
    account too). ``fail_next`` makes the next calls raise ``ProviderUnavailable``."""

    name = "simulated"
    # Like a print shop's C4 envelopes and inserting machine: at most 60 sheets (120 pages).
    limits = ProviderLimits(max_pages=120, max_sheets=60)

    def __init__(self, *, storage: ObjectStorage, clock: Clock, account_id: uuid.UUID) -> None:
        self.storage = storage
        self.clock = clock
        self.account_id = account_id
        self._book = OrderBook(storage, account_id, "print-shop.json")
        self._failures = 0
        self._failures_after_effect = False

    def fail_next(self, calls: int, *, after_effect: bool = False) -> None:
        """The next ``calls`` calls raise ``ProviderUnavailable``; with ``after_effect`` they
        do their work first and only the answer is lost (a timeout after the shop acted)."""
        self._failures = calls
        self._failures_after_effect = after_effect

    async def submit(self, order: PrintOrder) -> ProviderOrder:
        self._fail_before_effect()
        async with self._book.lock(order.order_id):
            record = await self._book.submitted_before(order)
            if record is None:
                await self._book.ensure_print_file(order.print_file_key)
                now = self._now()
                reference = f"SIM-{order.order_id.hex[:12].upper()}"
                record = new_record(order, reference=reference, at=now).moved_to(
                    OrderState.ACCEPTED, at=now, note=_accepted(now)
                )
                await self._book.save(record)
            view = self._view(await self._caught_up(record))
        self._fail_after_effect()
        return view

    async def cancel(self, order_id: uuid.UUID) -> ProviderOrder:
        self._fail_before_effect()
        async with self._book.lock(order_id):
            record = await self._caught_up(await self._book.get(order_id))
            view = self._view(record)
            if view.state is not OrderState.CANCELLED:
                if not view.cancellable:
                    raise CancelRefused(view.not_cancellable_reason or "", view)
                record = record.moved_to(OrderState.CANCELLED, at=self._now(), note="storniert")
                await self._book.save(record)
                view = self._view(record)
        self._fail_after_effect()
        return view

    async def status(self, order_id: uuid.UUID) -> ProviderOrder:
        self._fail_before_effect()
        async with self._book.lock(order_id):
            view = self._view(await self._caught_up(await self._book.get(order_id)))
        self._fail_after_effect()
        return view

    async def fail_order(self, order_id: uuid.UUID, reason_de: str) -> ProviderOrder:
        """For demos and the callers' tests: the shop reports the order as failed."""
        async with self._book.lock(order_id):
            record = await self._caught_up(await self._book.get(order_id))
            record = record.moved_to(OrderState.FAILED, at=self._now(), note=reason_de)
            await self._book.save(record)
            return self._view(record)

    def _now(self) -> datetime:
        return self.clock.now().astimezone(UTC)

    async def _caught_up(self, record: OrderRecord) -> OrderRecord:
        """The record with every change that became due by now, saved when there was one."""
        now = self._now()
        plan = schedule_of(record.received_at)
        changed = record
        if changed.state is OrderState.ACCEPTED and now >= plan.cancellable_until:
            changed = changed.moved_to(
                OrderState.IN_PRODUCTION,
                at=plan.cancellable_until,
                note=f"im Produktionslauf vom {plan.run_day:%d.%m.%Y}",
            )
        if changed.state is OrderState.IN_PRODUCTION and now >= plan.sent_at:
            changed = changed.moved_to(
                OrderState.SENT, at=plan.sent_at, note="an die Deutsche Post übergeben"
            )
        if changed is not record:
            await self._book.save(changed)
        return changed

    def _view(self, record: OrderRecord) -> ProviderOrder:
        plan = schedule_of(record.received_at)
        cancellable = record.state in (OrderState.CREATED, OrderState.ACCEPTED) and (
            self._now() < plan.cancellable_until
        )
        return record.seen_by(
            self.name,
            cancellable_until=plan.cancellable_until if cancellable else None,
            why_not=_why_not(record.state, plan),
        )

    def _fail_before_effect(self) -> None:
        if self._failures and not self._failures_after_effect:
            self._failures -= 1
            raise ProviderUnavailable("simulated failure")

    def _fail_after_effect(self) -> None:
        if self._failures and self._failures_after_effect:
            self._failures -= 1
            raise ProviderUnavailable("simulated failure after the shop acted")


def _accepted(now: datetime) -> str:
    plan = schedule_of(now)
    return (
        f"angenommen für den Produktionslauf vom {plan.run_day:%d.%m.%Y}, "
        f"stornierbar bis {_local(plan.cancellable_until)}"
    )


def _why_not(state: OrderState, plan: Schedule) -> str:
    if state is OrderState.CANCELLED:
        return "Der Auftrag ist bereits storniert."
    if state is OrderState.SENT:
        return "Die Briefe sind bereits an die Post übergeben."
    if state is OrderState.FAILED:
        return "Der Auftrag ist fehlgeschlagen; es wird nichts gedruckt."
    if plan.closed_by_cut_off:
        return (
            f"Der Annahmeschluss um 16:00 Uhr am {plan.run_day:%d.%m.%Y} ist vorbei; "
            "der Auftrag ist bereits in Produktion."
        )
    return (
        "Ein Auftrag kann nur in den ersten 15 Minuten nach der Bestellung storniert werden "
        f"(bis {_local(plan.cancellable_until)}); er ist bereits in Produktion."
    )


def _is_working_day(day: date) -> bool:
    return day.weekday() < 5


def _berlin(day: date, at: time) -> datetime:
    return datetime.combine(day, at, tzinfo=BERLIN).astimezone(UTC)


def _local(moment: datetime) -> str:
    return f"{moment.astimezone(BERLIN):%d.%m.%Y, %H:%M} Uhr"
