"""The simulated print shop: cancel window and cut-off by the Berlin clock, states over time,
one order per order id, state kept in object storage (local disk and real S3)."""

from __future__ import annotations

import asyncio
import json
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from hausportal.kit.clock import FixedClock
from hausportal.smartpost.engine.dispatch import ColourMode
from hausportal.smartpost.providers import (
    CancelRefused,
    OrderConflict,
    OrderNotFound,
    OrderState,
    PrintFileMissing,
    PrintOptions,
    PrintOrder,
    ProviderUnavailable,
    SimulatedPrintShop,
    StateChange,
    with_retries,
)
from hausportal.smartpost.providers.testing import (
    ProviderStorage,
    provider_storage,
    put_print_file,
    sample_order,
)

BERLIN = ZoneInfo("Europe/Berlin")
S = OrderState
# Working days on both sides of both daylight-saving changes of 2026 (29 March, 25 October).
AT_ANY = datetime(2026, 6, 17, 8, tzinfo=UTC)
DAYS = [date(2026, 3, 27), date(2026, 3, 30), date(2026, 10, 23), date(2026, 10, 26)]


def berlin(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=BERLIN)


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


@pytest.fixture(params=["local", pytest.param("s3", marks=pytest.mark.s3)])
async def backend(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[ProviderStorage]:
    async with provider_storage(request.param, tmp_path / "objects") as found:
        yield found


class Shop:
    """A shop over the backend with a clock the test moves, and orders to place at it."""

    def __init__(self, backend: ProviderStorage, at: datetime) -> None:
        self.backend = backend
        self.clock = FixedClock(at)
        self.provider = self.restarted()

    def restarted(self) -> SimulatedPrintShop:
        return SimulatedPrintShop(
            storage=self.backend.storage, clock=self.clock, account_id=self.backend.account_id
        )

    async def order(self, **changes: object) -> PrintOrder:
        key = await put_print_file(self.backend.storage, self.backend.account_id)
        return sample_order(
            account_id=self.backend.account_id,
            print_file_key=key,
            ordered_at=self.clock.now(),
            **changes,  # type: ignore[arg-type]
        )

    async def place(self) -> PrintOrder:
        order = await self.order()
        await self.provider.submit(order)
        return order


class TestCancelWindow:
    @pytest.mark.parametrize("day", DAYS, ids=str)
    async def test_ten_minutes_after_the_order_it_can_be_cancelled(
        self, backend: ProviderStorage, day: date
    ) -> None:
        shop = Shop(backend, berlin(day, 10))
        order = await shop.place()
        shop.clock.set(berlin(day, 10, 10))

        before = await shop.provider.status(order.order_id)
        cancelled = await shop.provider.cancel(order.order_id)

        assert before.cancellable
        assert before.cancellable_until == berlin(day, 10, 15)
        assert cancelled.state is S.CANCELLED
        assert [change.state for change in cancelled.history] == [
            S.CREATED,
            S.ACCEPTED,
            S.CANCELLED,
        ]
        assert cancelled.history[-1].at == berlin(day, 10, 10)
        assert not cancelled.cancellable

    @pytest.mark.parametrize("day", DAYS, ids=str)
    async def test_sixteen_minutes_after_the_order_the_cancel_is_refused(
        self, backend: ProviderStorage, day: date
    ) -> None:
        shop = Shop(backend, berlin(day, 10))
        order = await shop.place()
        shop.clock.set(berlin(day, 10, 16))

        with pytest.raises(CancelRefused) as refused:
            await shop.provider.cancel(order.order_id)

        assert "15 Minuten" in refused.value.reason_de
        assert f"{day:%d.%m.%Y}, 10:15 Uhr" in refused.value.reason_de
        after = await shop.provider.status(order.order_id)
        assert after.state is S.IN_PRODUCTION
        assert not after.cancellable
        assert after.not_cancellable_reason == refused.value.reason_de

    @pytest.mark.parametrize("day", DAYS, ids=str)
    async def test_after_the_cut_off_at_four_the_cancel_is_refused(
        self, backend: ProviderStorage, day: date
    ) -> None:
        shop = Shop(backend, berlin(day, 15, 50))
        order = await shop.place()
        shop.clock.set(berlin(day, 15, 59))
        still_open = await shop.provider.status(order.order_id)
        shop.clock.set(berlin(day, 16, 1))

        with pytest.raises(CancelRefused) as refused:
            await shop.provider.cancel(order.order_id)

        assert still_open.cancellable
        assert still_open.cancellable_until == berlin(day, 16)
        assert "Annahmeschluss um 16:00 Uhr" in refused.value.reason_de
        assert (await shop.provider.status(order.order_id)).state is S.IN_PRODUCTION

    async def test_at_the_closing_minute_itself_it_is_refused(
        self, backend: ProviderStorage
    ) -> None:
        shop = Shop(backend, berlin(DAYS[0], 10))
        order = await shop.place()
        shop.clock.set(berlin(DAYS[0], 10, 15))

        with pytest.raises(CancelRefused):
            await shop.provider.cancel(order.order_id)

    async def test_an_order_after_four_is_in_the_next_days_run_and_has_its_15_minutes(
        self, backend: ProviderStorage
    ) -> None:
        tuesday = date(2026, 6, 16)
        shop = Shop(backend, berlin(tuesday, 16, 5))
        order = await shop.place()
        shop.clock.set(berlin(tuesday, 16, 15))

        cancelled = await shop.provider.cancel(order.order_id)

        assert cancelled.state is S.CANCELLED
        assert "Produktionslauf vom 17.06.2026" in cancelled.history[1].note

    async def test_the_15_minutes_are_real_minutes_when_the_clocks_go_forward(
        self, backend: ProviderStorage
    ) -> None:
        # 29 March 2026: 02:00 CET becomes 03:00 CEST. 01:50 CET is 00:50 UTC.
        shop = Shop(backend, utc("2026-03-29T00:50"))
        first, second = await shop.place(), await shop.place()
        shop.clock.set(utc("2026-03-29T01:04"))  # 03:04 on the wall, 14 minutes later

        cancelled = await shop.provider.cancel(first.order_id)
        shop.clock.set(utc("2026-03-29T01:06"))
        with pytest.raises(CancelRefused):
            await shop.provider.cancel(second.order_id)

        assert cancelled.state is S.CANCELLED

    async def test_the_15_minutes_are_real_minutes_when_the_clocks_go_back(
        self, backend: ProviderStorage
    ) -> None:
        # 25 October 2026: 03:00 CEST becomes 02:00 CET. 02:50 CEST is 00:50 UTC; 02:55 CET
        # (01:55 UTC) looks 5 minutes later on the wall but is 65 minutes later.
        shop = Shop(backend, utc("2026-10-25T00:50"))
        order = await shop.place()
        shop.clock.set(utc("2026-10-25T01:55"))

        with pytest.raises(CancelRefused, match="15 Minuten"):
            await shop.provider.cancel(order.order_id)

    async def test_cancelling_twice_is_one_cancel(self, backend: ProviderStorage) -> None:
        shop = Shop(backend, berlin(DAYS[1], 9))
        order = await shop.place()
        shop.clock.advance(timedelta(minutes=5))
        first = await shop.provider.cancel(order.order_id)
        shop.clock.advance(timedelta(hours=2))

        again = await shop.provider.cancel(order.order_id)

        assert again.state is S.CANCELLED
        assert again.history == first.history
        assert again.not_cancellable_reason == "Der Auftrag ist bereits storniert."

    async def test_a_failed_order_cannot_be_cancelled(self, backend: ProviderStorage) -> None:
        shop = Shop(backend, berlin(DAYS[1], 9))
        order = await shop.place()
        await shop.provider.fail_order(order.order_id, "Druckmaschine ausgefallen")

        with pytest.raises(CancelRefused, match="fehlgeschlagen"):
            await shop.provider.cancel(order.order_id)

        failed = await shop.provider.status(order.order_id)
        assert (failed.state, failed.history[-1].note) == (S.FAILED, "Druckmaschine ausgefallen")


class TestStatesOverTime:
    async def test_accepted_at_once_in_production_after_15_minutes_sent_at_eight(
        self, backend: ProviderStorage
    ) -> None:
        day = DAYS[2]
        shop = Shop(backend, berlin(day, 10))
        order = await shop.order()

        placed = await shop.provider.submit(order)
        states = {}
        for hour, minute in [(10, 14), (10, 15), (19, 59), (20, 0)]:
            shop.clock.set(berlin(day, hour, minute))
            states[(hour, minute)] = (await shop.provider.status(order.order_id)).state
        final = await shop.provider.status(order.order_id)

        assert placed.state is S.ACCEPTED
        assert states == {
            (10, 14): S.ACCEPTED,
            (10, 15): S.IN_PRODUCTION,
            (19, 59): S.IN_PRODUCTION,
            (20, 0): S.SENT,
        }
        assert [(change.state, change.at) for change in final.history] == [
            (S.CREATED, berlin(day, 10)),
            (S.ACCEPTED, berlin(day, 10)),
            (S.IN_PRODUCTION, berlin(day, 10, 15)),
            (S.SENT, berlin(day, 20)),
        ]

    async def test_a_late_look_dates_every_change_when_it_happened(
        self, backend: ProviderStorage
    ) -> None:
        friday = date(2026, 6, 19)
        shop = Shop(backend, berlin(friday, 17))  # after the cut-off: Monday's run
        order = await shop.place()
        shop.clock.set(berlin(date(2026, 6, 22), 19, 59))
        monday_evening = await shop.provider.status(order.order_id)
        shop.clock.set(berlin(date(2026, 6, 30), 12))

        much_later = await shop.provider.status(order.order_id)

        assert monday_evening.state is S.IN_PRODUCTION
        assert [(change.state, change.at) for change in much_later.history][2:] == [
            (S.IN_PRODUCTION, berlin(friday, 17, 15)),
            (S.SENT, berlin(date(2026, 6, 22), 20)),
        ]

    async def test_an_order_on_a_saturday_morning_is_in_mondays_run(
        self, backend: ProviderStorage
    ) -> None:
        saturday, monday = date(2026, 6, 20), date(2026, 6, 22)
        shop = Shop(backend, berlin(saturday, 10))
        order = await shop.place()
        shop.clock.set(berlin(monday, 21))

        sent = await shop.provider.status(order.order_id)

        assert "Produktionslauf vom 22.06.2026" in sent.history[1].note
        assert sent.history[-1] == StateChange(
            S.SENT, berlin(monday, 20), "an die Deutsche Post übergeben"
        )


class TestOneOrderPerOrderId:
    async def test_submitting_twice_is_one_order(self, backend: ProviderStorage) -> None:
        shop = Shop(backend, berlin(DAYS[0], 9))
        order = await shop.order()

        first = await shop.provider.submit(order)
        shop.clock.advance(timedelta(minutes=3))
        second = await shop.provider.submit(order)
        from_a_new_instance = await shop.restarted().submit(order)

        assert second.provider_reference == first.provider_reference
        assert from_a_new_instance.provider_reference == first.provider_reference
        assert second.history == first.history == from_a_new_instance.history
        assert len(first.history) == 2
        folder = f"{backend.account_id}/smartpost/orders/"
        records = [found.key async for found in backend.storage.list(folder)]
        assert records == [f"{folder}{order.order_id}/print-shop.json"]

    async def test_two_instances_submitting_at_once_give_the_same_reference(
        self, backend: ProviderStorage
    ) -> None:
        shop = Shop(backend, berlin(DAYS[0], 9))
        order = await shop.order()

        first, second = await asyncio.gather(
            shop.provider.submit(order), shop.restarted().submit(order)
        )

        assert first.provider_reference == second.provider_reference
        assert (await shop.restarted().status(order.order_id)).history == first.history

    async def test_two_orders_have_two_references(self, backend: ProviderStorage) -> None:
        shop = Shop(backend, berlin(DAYS[0], 9))

        first = await shop.provider.submit(await shop.order())
        second = await shop.provider.submit(await shop.order())

        assert first.provider_reference != second.provider_reference

    async def test_the_same_id_for_a_different_order_is_refused(
        self, backend: ProviderStorage
    ) -> None:
        shop = Shop(backend, berlin(DAYS[0], 9))
        order = await shop.place()
        changed = await shop.order(
            order_id=order.order_id, options=PrintOptions(colour=ColourMode.colour)
        )

        with pytest.raises(OrderConflict, match="bereits für einen anderen Druckauftrag"):
            await shop.provider.submit(changed)

    async def test_a_retry_after_a_lost_answer_finds_the_first_order(
        self, backend: ProviderStorage
    ) -> None:
        shop = Shop(backend, berlin(DAYS[0], 9))
        order = await shop.order()
        shop.provider.fail_next(2, after_effect=True)

        async def no_wait(_: float) -> None:
            pass

        placed = await with_retries(
            lambda: shop.provider.submit(order), attempts=3, backoff=1, sleep=no_wait
        )

        assert placed.state is S.ACCEPTED
        assert len(placed.history) == 2
        status = await shop.restarted().status(order.order_id)
        assert status.provider_reference == placed.provider_reference


class TestFailureMode:
    async def test_the_next_calls_fail_then_the_shop_answers_again(
        self, backend: ProviderStorage
    ) -> None:
        shop = Shop(backend, berlin(DAYS[0], 9))
        order = await shop.order()
        shop.provider.fail_next(2)

        with pytest.raises(ProviderUnavailable):
            await shop.provider.submit(order)
        with pytest.raises(ProviderUnavailable):
            await shop.provider.submit(order)
        with pytest.raises(OrderNotFound):  # nothing was placed by the failed calls
            await shop.provider.status(order.order_id)
        placed = await shop.provider.submit(order)

        assert placed.state is S.ACCEPTED


class TestRestart:
    async def test_a_new_instance_over_the_same_storage_sees_and_changes_the_orders(
        self, backend: ProviderStorage
    ) -> None:
        shop = Shop(backend, berlin(DAYS[3], 11))
        kept, cancelled = await shop.place(), await shop.place()
        shop.clock.advance(timedelta(minutes=5))

        after_restart = shop.restarted()
        seen = await after_restart.status(kept.order_id)
        await after_restart.cancel(cancelled.order_id)

        assert seen.state is S.ACCEPTED
        assert seen.cancellable_until == berlin(DAYS[3], 11, 15)
        assert (await shop.provider.status(cancelled.order_id)).state is S.CANCELLED

    async def test_the_record_is_one_json_document_in_the_order_folder(
        self, backend: ProviderStorage
    ) -> None:
        shop = Shop(backend, berlin(DAYS[3], 11))
        order = await shop.place()
        key = f"{backend.account_id}/smartpost/orders/{order.order_id}/print-shop.json"

        placed = await self.document(backend, key)
        shop.clock.advance(timedelta(minutes=20))
        await shop.provider.status(order.order_id)
        in_production = await self.document(backend, key)

        assert placed["order"]["order_id"] == str(order.order_id)
        assert [change["state"] for change in placed["history"]] == ["created", "accepted"]
        assert placed["order"]["manifest"][0]["recipient_name"] == "Jürgen Müßig"
        assert in_production["history"][-1]["state"] == "in_production"

    async def document(self, backend: ProviderStorage, key: str) -> dict[str, Any]:
        return json.loads(b"".join([chunk async for chunk in backend.storage.get(key)]))  # type: ignore[no-any-return]


class TestRefusedInput:
    async def test_an_unknown_order(self, backend: ProviderStorage) -> None:
        shop = Shop(backend, berlin(DAYS[0], 9))
        with pytest.raises(OrderNotFound, match="nicht bekannt"):
            await shop.provider.cancel(uuid.uuid4())

    async def test_a_missing_print_file(self, backend: ProviderStorage) -> None:
        shop = Shop(backend, berlin(DAYS[0], 9))
        order = await shop.order()
        await backend.storage.delete(order.print_file_key)

        with pytest.raises(PrintFileMissing, match="Druckdatei"):
            await shop.provider.submit(order)

    async def test_an_order_of_another_account(self, backend: ProviderStorage) -> None:
        shop = Shop(backend, berlin(DAYS[0], 9))
        other = uuid.uuid4()
        order = sample_order(
            account_id=other, print_file_key=f"{other}/smartpost/x.pdf", ordered_at=AT_ANY
        )

        with pytest.raises(ValueError, match="another account"):
            await shop.provider.submit(order)
