"""Background loop: send due mails over SMTP, each marked sent right after the server took it.

A round claims a batch (status ``sending`` with a lease, attempts counted) in a short
transaction, then talks to the server outside any transaction, then records each outcome in
its own transaction. A failed attempt waits ``base * 2^(attempts-1)`` seconds (capped) and
becomes ``failed`` after ``smtp_max_attempts``.
"""

from __future__ import annotations

import asyncio
import email.errors
import logging
from dataclasses import dataclass
from datetime import timedelta

from hausportal.kit.aio import wait_or_timeout
from hausportal.kit.app import Runtime
from hausportal.notify.context import settings_of
from hausportal.notify.mails import repository
from hausportal.notify.mails.message import build_message
from hausportal.notify.mails.transport import MESSAGE_REFUSED, SERVER_TROUBLE, SmtpConnection
from hausportal.notify.mails.wakeup import new_mail
from hausportal.notify.models import Mail
from hausportal.notify.settings import NotifySettings

log = logging.getLogger(__name__)

# A message that cannot even be built (an address the directory let through) never will be.
_UNSENDABLE = (ValueError, email.errors.MessageError)


def retry_delay(settings: NotifySettings, *, attempts: int) -> timedelta:
    seconds = settings.smtp_retry_base_seconds * 2 ** max(attempts - 1, 0)
    return timedelta(seconds=min(seconds, settings.smtp_retry_max_seconds))


@dataclass(frozen=True, slots=True)
class Round:
    claimed: int
    server_trouble: bool = False


async def send_due_mails(runtime: Runtime) -> Round:
    """One round: claim a batch, send it, record each outcome."""
    settings = settings_of(runtime)
    now = runtime.clock.now()
    async with runtime.sessionmaker() as session, session.begin():
        claimed = await repository.claim_due(
            session,
            now=now,
            lease_until=now + timedelta(seconds=settings.smtp_lease_seconds),
            limit=settings.smtp_batch_size,
        )
    if not claimed:
        return Round(0)
    outstanding = list(claimed)
    try:
        async with SmtpConnection(settings) as smtp:
            while outstanding:
                mail = outstanding[0]
                try:
                    message = build_message(
                        mail, mail_from=settings.mail_from, now=runtime.clock.now()
                    )
                except _UNSENDABLE as error:
                    outstanding.pop(0)
                    await _record_failure(runtime, mail, error, give_up=True)
                    continue
                try:
                    await smtp.send(message)
                except MESSAGE_REFUSED as error:
                    outstanding.pop(0)
                    await _record_failure(runtime, mail, error)
                    continue
                outstanding.pop(0)
                await _record_sent(runtime, mail)
    except SERVER_TROUBLE as error:
        log.warning("SMTP %s:%s: %s", settings.smtp_host, settings.smtp_port, error)
        for mail in outstanding:
            await _record_failure(runtime, mail, error)
        return Round(len(claimed), server_trouble=True)
    return Round(len(claimed))


async def _record_sent(runtime: Runtime, mail: Mail) -> None:
    async with runtime.sessionmaker() as session, session.begin():
        await repository.mark_sent(session, mail_id=mail.id, at=runtime.clock.now())


async def _record_failure(
    runtime: Runtime, mail: Mail, error: Exception, *, give_up: bool = False
) -> None:
    settings = settings_of(runtime)
    give_up = give_up or mail.attempts >= settings.smtp_max_attempts
    retry_at = None
    if not give_up:
        retry_at = runtime.clock.now() + retry_delay(settings, attempts=mail.attempts)
    description = f"{type(error).__name__}: {error}"
    async with runtime.sessionmaker() as session, session.begin():
        await repository.mark_attempt_failed(
            session, mail_id=mail.id, error=description, retry_at=retry_at
        )
    if give_up:
        log.error("mail %s given up after %d attempts: %s", mail.id, mail.attempts, description)


async def send_mails(runtime: Runtime) -> None:
    """Worker of the service definition: sends until cancelled, woken early by new mail."""
    wakeup = asyncio.Event()
    new_mail.add(wakeup.set)
    try:
        while True:
            wakeup.clear()
            round_ = await send_due_mails(runtime)
            if round_.claimed >= settings_of(runtime).smtp_batch_size and not round_.server_trouble:
                continue  # a full batch went out: more may be waiting
            await wait_or_timeout(wakeup, settings_of(runtime).notify_poll_interval_seconds)
    finally:
        new_mail.remove(wakeup.set)
