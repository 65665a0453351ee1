"""Time as a dependency: services ask the runtime's clock, tests set it instead of sleeping."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path
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


class FileClock:
    """The time written in a file (ISO 8601 with offset), for end-to-end tests that steer
    several service processes at once; the system's time while the file is absent or empty.

    Settings refuse it in production (``<PREFIX>CLOCK_FILE``).
    """

    def __init__(self, path: Path) -> None:
        self.path = path

    def now(self) -> datetime:
        try:
            written = self.path.read_text().strip()
        except FileNotFoundError:
            written = ""
        if not written:
            return datetime.now(UTC)
        moment = datetime.fromisoformat(written)
        if moment.tzinfo is None:
            raise ValueError(f"{self.path}: the time needs an offset, e.g. 2026-06-17T09:00+02:00")
        return moment.astimezone(UTC)

    def set(self, at: datetime) -> None:
        if at.tzinfo is None:
            raise ValueError("FileClock needs a timezone-aware datetime")
        self.path.write_text(at.isoformat())


def today(clock: Clock) -> date:
    """The calendar day in Germany by ``clock``: what contract dates are compared with."""
    return berlin_today(clock.now())


def get_clock(request: Request) -> Clock:
    return request.app.state.runtime.clock  # type: ignore[no-any-return]


ClockDep = Annotated[Clock, Depends(get_clock)]
