"""Background loop: turn due notification jobs into queued mails."""

from __future__ import annotations

import asyncio

from hausportal.kit.app import Runtime
from hausportal.kit.clock import today
from hausportal.notify.context import settings_of
from hausportal.notify.mails.wakeup import new_mail
from hausportal.notify.notifications.composers import COMPOSERS
from hausportal.notify.notifications.service import ComposeContext, expand_due


async def expand_notifications_once(runtime: Runtime) -> int:
    """One round in one transaction; returns how many mails were queued."""
    settings = settings_of(runtime)
    context = ComposeContext(
        now=runtime.clock.now(), on=today(runtime.clock), portal_url=settings.portal_url
    )
    async with runtime.sessionmaker() as session, session.begin():
        queued = await expand_due(session, composers=COMPOSERS, context=context)
    if queued:
        new_mail.wake()
    return queued


async def expand_notifications(runtime: Runtime) -> None:
    """Worker of the service definition; runs until cancelled."""
    while True:
        await expand_notifications_once(runtime)
        await asyncio.sleep(settings_of(runtime).notify_poll_interval_seconds)
