"""`hausportal-notify send-digest`, the Helm chart's optional CronJob: schedules the digests
that are due now, once, against the service's database, and exits."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from sqlalchemy import func, select

from hausportal.kit.clock import FixedClock
from hausportal.notify.cli import main
from hausportal.notify.models import JobKind, NotificationJob

from .test_digest import House, berlin, publish_at

if TYPE_CHECKING:
    from conftest import StartApp, World

DAY = date(2026, 6, 16)


@pytest.fixture
def house(world: World) -> House:
    return House(world)


async def _digest_jobs(notify) -> int:  # type: ignore[no-untyped-def]
    async with notify.runtime.sessionmaker() as session:
        return int(
            await session.scalar(
                select(func.count())
                .select_from(NotificationJob)
                .where(NotificationJob.kind == JobKind.digest.value)
            )
        )


async def test_the_command_schedules_the_due_digest_once(
    start_app: StartApp,
    house: House,
    staff_headers: Callable[..., dict[str, str]],
    closed_port: Callable[[], int],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    clock = FixedClock(berlin(DAY, 8))
    async with start_app(smtp_port=closed_port(), clock=clock) as notify:
        await house.set_up(notify, staff_headers)
        await publish_at(notify, clock, berlin(DAY, 9), house.for_tenants("Hausordnung"))
        # The service's own clock stays on the day: its worker schedules nothing yet.
        settings = notify.runtime.settings
        now_file = tmp_path / "now"
        monkeypatch.setenv("NOTIFY_DATABASE_URL", settings.database_url)
        monkeypatch.setenv("NOTIFY_ENVIRONMENT", "development")
        monkeypatch.setenv("NOTIFY_JWT_SECRET", settings.jwt_secret.get_secret_value())
        monkeypatch.setenv("NOTIFY_STORAGE", "local")
        monkeypatch.setenv("NOTIFY_STORAGE_LOCAL_PATH", str(tmp_path / "objects"))
        monkeypatch.setenv("NOTIFY_CLOCK_FILE", str(now_file))

        def run(at) -> int:  # type: ignore[no-untyped-def]
            now_file.write_text(at.isoformat())
            with pytest.raises(SystemExit) as exited:
                main(["send-digest"])
            return int(exited.value.code or 0)

        assert await asyncio.to_thread(run, berlin(DAY, 23)) == 0
        assert await _digest_jobs(notify) == 0  # not due before 07:00 the next morning

        next_morning = berlin(DAY + timedelta(days=1), 7, 5)
        assert await asyncio.to_thread(run, next_morning) == 0
        assert await _digest_jobs(notify) == 1
        # A second run (or the pods' worker) adds nothing.
        assert await asyncio.to_thread(run, next_morning) == 0
        assert await _digest_jobs(notify) == 1
