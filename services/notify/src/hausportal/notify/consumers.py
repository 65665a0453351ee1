"""The events notify subscribes to: the directory (its read model) and published documents."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from hausportal.contracts.documents import DocumentDeleted, DocumentPublished
from hausportal.kit.app import runtime_of
from hausportal.kit.messaging import EventConsumer
from hausportal.notify.context import settings_of
from hausportal.notify.models import directory, messaging
from hausportal.notify.notifications.service import (
    cancel_for_deleted_document,
    record_document_published,
)

consumer = EventConsumer("notify", messaging)
directory.register(consumer)


@consumer.handler(DocumentPublished)
async def document_published(session: AsyncSession, event: DocumentPublished) -> None:
    runtime = runtime_of(session)
    await record_document_published(
        session,
        event=event,
        now=runtime.clock.now(),
        settle=timedelta(seconds=settings_of(runtime).notify_settle_seconds),
    )


@consumer.handler(DocumentDeleted)
async def document_deleted(session: AsyncSession, event: DocumentDeleted) -> None:
    await cancel_for_deleted_document(session, event=event, now=runtime_of(session).clock.now())
