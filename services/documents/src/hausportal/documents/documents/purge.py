"""The purge: removes the content of deleted documents once their retention has passed."""

from __future__ import annotations

import asyncio
import logging
from datetime import timedelta
from typing import cast

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from hausportal.documents.documents import repository
from hausportal.documents.settings import DocumentsSettings
from hausportal.kit.app import Runtime
from hausportal.kit.clock import Clock
from hausportal.kit.storage.port import ObjectStorage

log = logging.getLogger(__name__)

BATCH = 100


async def purge_deleted_documents(runtime: Runtime) -> None:
    """Background worker of the service: purge what is due, then wait, for ever."""
    settings = cast(DocumentsSettings, runtime.settings)
    while True:
        await purge_due(
            sessionmaker=runtime.sessionmaker,
            storage=runtime.storage,
            clock=runtime.clock,
            retention=timedelta(days=settings.deleted_retention_days),
        )
        await asyncio.sleep(settings.purge_interval_seconds)


async def purge_due(
    *,
    sessionmaker: async_sessionmaker[AsyncSession],
    storage: ObjectStorage,
    clock: Clock,
    retention: timedelta,
) -> int:
    """Delete the objects of documents deleted longer than ``retention`` ago; how many."""
    purged = 0
    while True:
        async with sessionmaker() as session, session.begin():
            due = await repository.due_for_purge(
                session, deleted_before=clock.now() - retention, limit=BATCH
            )
            for document in due:
                # Object first: if marking fails, the next round deletes again (idempotent).
                # A SmartPost letter's object is smartpost's to remove: only marked here.
                if document.owns_object:
                    await storage.delete(document.object_key)
                document.purged_at = clock.now()
        purged += len(due)
        if len(due) < BATCH:
            break
    if purged:
        log.info("purged the content of %d deleted documents", purged)
    return purged
