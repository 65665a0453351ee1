"""The print order state machine, what an order may contain, and retrying an unavailable
provider."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta

import pytest

from hausportal.smartpost.engine.dispatch import ColourMode, PrintOptionsInvalid, Sides
from hausportal.smartpost.providers import (
    CancelRefused,
    IllegalTransition,
    OrderState,
    PrintOptions,
    ProviderUnavailable,
    with_retries,
)
from hausportal.smartpost.providers.port import OrderRecord, new_record
from hausportal.smartpost.providers.testing import sample_order

AT = datetime(2026, 6, 17, 8, 0, tzinfo=UTC)
ACCOUNT = uuid.uuid4()
S = OrderState

# The way each state is reached from created.
PATHS: dict[OrderState, list[OrderState]] = {
    S.CREATED: [],
    S.ACCEPTED: [S.ACCEPTED],
    S.IN_PRODUCTION: [S.ACCEPTED, S.IN_PRODUCTION],
    S.SENT: [S.ACCEPTED, S.IN_PRODUCTION, S.SENT],
    S.CANCELLED: [S.ACCEPTED, S.CANCELLED],
    S.FAILED: [S.ACCEPTED, S.IN_PRODUCTION, S.FAILED],
}
LEGAL = {
    (S.CREATED, S.ACCEPTED),
    (S.CREATED, S.CANCELLED),
    (S.CREATED, S.FAILED),
    (S.ACCEPTED, S.IN_PRODUCTION),
    (S.ACCEPTED, S.SENT),  # without a production step: the file export
    (S.ACCEPTED, S.CANCELLED),
    (S.ACCEPTED, S.FAILED),
    (S.IN_PRODUCTION, S.SENT),
    (S.IN_PRODUCTION, S.FAILED),
}


def record_in(state: OrderState) -> OrderRecord:
    order = sample_order(
        account_id=ACCOUNT, print_file_key=f"{ACCOUNT}/smartpost/print.pdf", ordered_at=AT
    )
    record = new_record(order, reference="R-1", at=AT)
    for step, following in enumerate(PATHS[state], start=1):
        record = record.moved_to(following, at=AT + timedelta(minutes=step))
    return record


class TestStateMachine:
    @pytest.mark.parametrize(
        ("current", "target"), [(c, t) for c in OrderState for t in OrderState]
    )
    def test_only_the_documented_transitions_are_allowed(
        self, current: OrderState, target: OrderState
    ) -> None:
        record = record_in(current)
        at = AT + timedelta(hours=1)

        if (current, target) in LEGAL:
            moved = record.moved_to(target, at=at, note="weiter")
            assert moved.state is target
            assert moved.history[-1].at == at
            assert moved.history[:-1] == record.history
        else:
            with pytest.raises(IllegalTransition) as refused:
                record.moved_to(target, at=at)
            assert (refused.value.current, refused.value.target) == (current, target)

    def test_the_refusal_names_both_states_in_german(self) -> None:
        with pytest.raises(IllegalTransition, match=r"„versendet“ .* „storniert“"):
            record_in(S.SENT).moved_to(S.CANCELLED, at=AT)

    def test_history_is_kept_in_utc(self) -> None:
        berlin_noon = datetime.fromisoformat("2026-06-17T12:00:00+02:00")

        record = record_in(S.CREATED).moved_to(S.ACCEPTED, at=berlin_noon)

        assert record.history[-1].at.utcoffset() == timedelta(0)
        assert record.history[-1].at == berlin_noon


class TestPrintOrder:
    def test_the_print_file_must_be_the_accounts_own(self) -> None:
        other = uuid.uuid4()
        with pytest.raises(ValueError, match="account's own"):
            sample_order(
                account_id=ACCOUNT, print_file_key=f"{other}/smartpost/print.pdf", ordered_at=AT
            )

    def test_duplex_optimised_needs_duplex(self) -> None:
        with pytest.raises(PrintOptionsInvalid, match="Duplex"):
            PrintOptions(duplex_optimised=True)

    def test_options_read_as_a_manager_would_say_them(self) -> None:
        options = PrintOptions(
            colour=ColourMode.colour, sides=Sides.duplex, duplex_optimised=True, registered=True
        )

        assert options.label_de() == "Farbe, Duplex, duplex-optimiert, Einwurfeinschreiben"
        assert PrintOptions().label_de() == "Schwarzweiß, Simplex"


class Flaky:
    """A call that raises ``ProviderUnavailable`` the first ``failures`` times."""

    def __init__(self, failures: int, error: Exception | None = None) -> None:
        self.failures = failures
        self.error = error or ProviderUnavailable("timeout")
        self.calls = 0

    async def __call__(self) -> str:
        self.calls += 1
        if self.calls <= self.failures:
            raise self.error
        return "ok"


def recording_sleep() -> tuple[list[float], Callable[[float], Awaitable[None]]]:
    waited: list[float] = []

    async def sleep(seconds: float) -> None:
        waited.append(seconds)

    return waited, sleep


class TestWithRetries:
    async def test_succeeds_after_failures_with_doubling_waits(self) -> None:
        call = Flaky(failures=2)
        waited, sleep = recording_sleep()

        result = await with_retries(call, attempts=3, backoff=0.5, sleep=sleep)

        assert result == "ok"
        assert call.calls == 3
        assert waited == [0.5, 1.0]

    async def test_gives_up_after_the_last_attempt(self) -> None:
        call = Flaky(failures=10)
        waited, sleep = recording_sleep()

        with pytest.raises(ProviderUnavailable, match="nicht erreichbar"):
            await with_retries(call, attempts=4, backoff=1, sleep=sleep)

        assert call.calls == 4
        assert waited == [1, 2, 4]

    async def test_a_refusal_is_not_retried(self) -> None:
        call = Flaky(failures=1, error=CancelRefused("bereits versendet"))
        waited, sleep = recording_sleep()

        with pytest.raises(CancelRefused):
            await with_retries(call, attempts=3, backoff=1, sleep=sleep)

        assert call.calls == 1
        assert waited == []

    async def test_at_least_one_attempt(self) -> None:
        with pytest.raises(ValueError, match="at least 1"):
            await with_retries(Flaky(0), attempts=0)
