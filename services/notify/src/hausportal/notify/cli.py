"""`hausportal-notify`: migrate the notify schema, run the service alone, or schedule the due
digests once (the Helm chart's optional CronJob; the service's own worker does the same)."""

from __future__ import annotations

import argparse
import asyncio
import sys

from hausportal.kit.cli import run_cli
from hausportal.notify.main import SERVICE, create_app
from hausportal.notify.notifications.digest import schedule_digests_once
from hausportal.notify.settings import NotifySettings


def _no_arguments(_: argparse.ArgumentParser) -> None:
    return None


def _send_digest(_: argparse.Namespace) -> int:
    count = asyncio.run(_schedule_digests())
    print(f"notify: {count} digest(s) scheduled; the notify pods compose and send them")
    return 0


async def _schedule_digests() -> int:
    """Against NOTIFY_DATABASE_URL, migrated already: the runtime of the app, not started (no
    bus, no workers), just its database and clock."""
    runtime = create_app(NotifySettings()).state.runtime  # type: ignore[call-arg]
    try:
        return await schedule_digests_once(runtime)
    finally:
        await runtime.engine.dispose()


def main(argv: list[str] | None = None) -> None:
    sys.exit(
        run_cli(
            SERVICE,
            NotifySettings,
            argv=argv,
            extra={
                "send-digest": (
                    "schedule the digests that are due now, once, and exit",
                    _no_arguments,
                    _send_digest,
                )
            },
        )
    )
