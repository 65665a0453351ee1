"""Time as a dependency: services ask the runtime's clock, tests set it instead of sleeping."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Annotated, Protocol

from fastapi import Depends, Request

from hausportal.kit.visibility import berlin_today


class Clock(Protocol):
    def now(self) -> datetime:
        """The current moment, timezone-aware (UTC)."""
        ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


class FixedClock:
    """A clock that stands still until a test moves it."""

    def __init__(self, at: datetime) -> None:
        if at.tzinfo is None:
            raise ValueError("FixedClock needs a timezone-aware datetime")
        self._at = at

    def now(self) -> datetime:
        return self._at

    def set(self, at: datetime) -> None:
        if at.tzinfo is None:
            raise ValueError("FixedClock needs a timezone-aware datetime")
        self._at = at

    def advance(self, by: timedelta) -> None:
        self._at += by


def today(clock: Clock) -> date:
    """The calendar day in Germany by ``clock``: what contract dates are compared with."""
    return berlin_today(clock.now())


def get_clock(request: Request) -> Clock:
    return request.app.state.runtime.clock  # type: ignore[no-any-return]


ClockDep = Annotated[Clock, Depends(get_clock)]
