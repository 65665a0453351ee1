"""The purge: removes every file of a deleted serial letter once its retention has passed
(the uploads, each split's letters and print file). The documents service never deletes
these objects; its letter documents point at them until the serial letter is deleted."""

from __future__ import annotations

import asyncio
import logging
from datetime import timedelta

from sqlalchemy import select

from hausportal.kit.app import Runtime
from hausportal.smartpost.deps import settings_of
from hausportal.smartpost.models import SerialLetter, SerialLetterStatus
from hausportal.smartpost.serial_letters.service import serial_letter_prefix

log = logging.getLogger(__name__)

BATCH = 20


async def purge_deleted_serial_letters(runtime: Runtime) -> None:
    """Background worker of the service: purge what is due, then wait, for ever."""
    settings = settings_of(runtime)
    while True:
        await purge_due(runtime)
        await asyncio.sleep(settings.purge_interval_seconds)


async def purge_due(runtime: Runtime) -> int:
    """Delete the objects of serial letters deleted longer than the retention ago; how many
    serial letters were purged."""
    retention = timedelta(days=settings_of(runtime).deleted_retention_days)
    purged = 0
    while True:
        now = runtime.clock.now()
        async with runtime.sessionmaker() as session, session.begin():
            due = list(
                await session.scalars(
                    select(SerialLetter)
                    .where(
                        SerialLetter.status == SerialLetterStatus.deleted.value,
                        SerialLetter.purged_at.is_(None),
                        SerialLetter.deleted_at <= now - retention,
                    )
                    .order_by(SerialLetter.deleted_at)
                    .limit(BATCH)
                    .with_for_update(skip_locked=True)
                )
            )
            for serial_letter in due:
                prefix = serial_letter_prefix(serial_letter.account_id, serial_letter.id)
                keys = [found.key async for found in runtime.storage.list(prefix)]
                for key in keys:
                    await runtime.storage.delete(key)
                serial_letter.purged_at = now
                log.info("purged serial letter %s (%d objects)", serial_letter.id, len(keys))
        purged += len(due)
        if len(due) < BATCH:
            return purged
