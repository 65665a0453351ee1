"""The events notify subscribes to: the directory (its read model, with each account's
branding), published and deleted documents, the portal's invitations, password resets,
messages and appointments, SmartTask's ticket events and SmartPost's download links."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from hausportal.contracts.documents import DocumentDeleted, DocumentPublished
from hausportal.contracts.portal import (
    AnnouncementDeleted,
    AppointmentPublished,
    InvitationCreated,
    MessagePublished,
    PasswordResetRequested,
)
from hausportal.contracts.smartpost import DownloadLinkReady
from hausportal.contracts.tasks import TaskAssigned, TaskCommented, TaskCreated, TaskStatusChanged
from hausportal.kit.app import Runtime, runtime_of
from hausportal.kit.messaging import EventConsumer
from hausportal.notify.context import settings_of
from hausportal.notify.models import directory, messaging
from hausportal.notify.notifications import access, announcements, documents, download_links, tasks

consumer = EventConsumer("notify", messaging)
directory.register(consumer)


def _settle(runtime: Runtime) -> timedelta:
    return timedelta(seconds=settings_of(runtime).notify_settle_seconds)


@consumer.handler(DocumentPublished)
async def document_published(session: AsyncSession, event: DocumentPublished) -> None:
    runtime = runtime_of(session)
    await documents.record_published(
        session, event=event, now=runtime.clock.now(), settle=_settle(runtime)
    )


@consumer.handler(DocumentDeleted)
async def document_deleted(session: AsyncSession, event: DocumentDeleted) -> None:
    await documents.cancel_for_deleted(session, event=event, now=runtime_of(session).clock.now())


@consumer.handler(MessagePublished, AppointmentPublished)
async def announcement_published(
    session: AsyncSession, event: MessagePublished | AppointmentPublished
) -> None:
    runtime = runtime_of(session)
    await announcements.record_published(
        session, event=event, now=runtime.clock.now(), settle=_settle(runtime)
    )


@consumer.handler(AnnouncementDeleted)
async def announcement_deleted(session: AsyncSession, event: AnnouncementDeleted) -> None:
    await announcements.cancel_for_deleted(
        session, event=event, now=runtime_of(session).clock.now()
    )


@consumer.handler(InvitationCreated)
async def invitation_created(session: AsyncSession, event: InvitationCreated) -> None:
    await access.record_invitation(session, event=event, now=runtime_of(session).clock.now())


@consumer.handler(PasswordResetRequested)
async def password_reset_requested(session: AsyncSession, event: PasswordResetRequested) -> None:
    await access.record_password_reset(session, event=event, now=runtime_of(session).clock.now())


@consumer.handler(TaskCreated, TaskCommented, TaskStatusChanged, TaskAssigned)
async def task_event(session: AsyncSession, event: tasks.TaskEvent) -> None:
    runtime = runtime_of(session)
    await tasks.record(session, event=event, now=runtime.clock.now(), settle=_settle(runtime))


@consumer.handler(DownloadLinkReady)
async def download_link_ready(session: AsyncSession, event: DownloadLinkReady) -> None:
    await download_links.record(session, event=event, now=runtime_of(session).clock.now())
