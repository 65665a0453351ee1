"""Clocks tests can steer: a fixed one in-process, a file for several processes at once."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from hausportal.kit.clock import FileClock, FixedClock, today


def test_a_file_clock_follows_the_file_and_falls_back_to_real_time(tmp_path: Path) -> None:
    clock = FileClock(tmp_path / "now")
    before = datetime.now(UTC)
    assert before - timedelta(seconds=1) <= clock.now() <= datetime.now(UTC)

    clock.set(datetime(2026, 6, 30, 23, 30, tzinfo=timezone(timedelta(hours=2))))
    assert clock.now() == datetime(2026, 6, 30, 21, 30, tzinfo=UTC)
    # Contract days are German days: 23:30 in Berlin on 30 June is still 30 June.
    assert today(clock) == date(2026, 6, 30)

    (tmp_path / "now").write_text("2026-07-31T00:30:00+02:00")
    assert today(clock) == date(2026, 7, 31)

    (tmp_path / "now").write_text("2026-07-31T00:30:00")
    with pytest.raises(ValueError, match="offset"):
        clock.now()


def test_a_fixed_clock_moves_only_when_told() -> None:
    clock = FixedClock(datetime(2026, 3, 29, 0, 30, tzinfo=UTC))
    assert today(clock) == date(2026, 3, 29)
    clock.advance(timedelta(hours=23))
    assert today(clock) == date(2026, 3, 30)
    with pytest.raises(ValueError, match="timezone-aware"):
        clock.set(datetime(2026, 1, 1))
