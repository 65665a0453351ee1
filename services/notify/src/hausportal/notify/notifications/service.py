"""Document notifications: recorded when a document is published, expanded into mails later."""

from __future__ import annotations

import uuid
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from hausportal.contracts.directory import ContactPayload
from hausportal.contracts.documents import Audience, DocumentDeleted, DocumentPublished
from hausportal.kit.visibility import SharedItem
from hausportal.notify.mails import repository as mails
from hausportal.notify.mails.compose import (
    UNKNOWN_ACCOUNT,
    UNKNOWN_PROPERTY,
    DocumentNotice,
    compose_document_published,
    document_link,
)
from hausportal.notify.models import JobStatus, MailStatus, NotificationJob, directory
from hausportal.notify.notifications import repository as jobs


async def record_document_published(
    session: AsyncSession, *, event: DocumentPublished, now: datetime, settle: timedelta
) -> bool:
    """A job for an immediate e-mail, if staff asked for one; False if none was recorded."""
    document = event.payload
    if not document.notify_now:
        return False
    return await jobs.add(
        session,
        job={
            "id": uuid.uuid4(),
            "account_id": event.account_id,
            "source_event_id": event.id,
            "document_id": document.document_id,
            "property_id": document.property_id,
            "unit_id": document.unit_id,
            "title": document.title,
            "audience": document.audience.model_dump(mode="json"),
            "status": JobStatus.pending.value,
            "due_at": now + settle,
            "created_at": now,
        },
    )


async def cancel_for_deleted_document(
    session: AsyncSession, *, event: DocumentDeleted, now: datetime
) -> None:
    """A deleted document is announced to nobody: its waiting jobs and unsent mails stop."""
    account_id, document_id = event.account_id, event.payload.document_id
    await jobs.cancel_pending_for_document(
        session, account_id=account_id, document_id=document_id, at=now
    )
    await mails.cancel_unsent_for_document(session, account_id=account_id, document_id=document_id)


async def expand_due(
    session: AsyncSession, *, now: datetime, on: date, portal_url: str, limit: int = 20
) -> int:
    """Queue the mails of every due job; returns how many mails were new."""
    queued = 0
    for job in await jobs.claim_due(session, now=now, limit=limit):
        queued += await mails.queue(
            session, mails=await _mails_of(session, job=job, now=now, on=on, portal_url=portal_url)
        )
        job.status = JobStatus.done.value
        job.finished_at = now
    await session.flush()
    return queued


async def recipients(
    session: AsyncSession, *, job: NotificationJob, on: date
) -> list[ContactPayload]:
    """Everyone who can see the document on ``on`` and can get e-mail: registered, with an
    address. Unregistered contacts get post instead; archived ones nothing."""
    item = SharedItem(
        account_id=job.account_id,
        property_id=job.property_id,
        unit_id=job.unit_id,
        audience=Audience.model_validate(job.audience),
    )
    audience = await directory.audience(session, item=item, on=on)
    return [
        contact
        for contact, _decision in audience
        if contact.registered and contact.email and not contact.archived
    ]


async def _mails_of(
    session: AsyncSession, *, job: NotificationJob, now: datetime, on: date, portal_url: str
) -> list[dict[str, Any]]:
    contacts = await recipients(session, job=job, on=on)
    if not contacts:
        return []
    account_name = await directory.account_name(session, account_id=job.account_id)
    property_ = await directory.property(
        session, account_id=job.account_id, property_id=job.property_id
    )
    link = document_link(portal_url=portal_url, document_id=job.document_id)
    rows = []
    for contact in contacts:
        composed = compose_document_published(
            DocumentNotice(
                recipient_name=contact.name,
                account_name=account_name or UNKNOWN_ACCOUNT,
                property_name=property_.name if property_ else UNKNOWN_PROPERTY,
                title=job.title,
                link=link,
            )
        )
        rows.append(
            {
                "id": uuid.uuid4(),
                "account_id": job.account_id,
                "source_event_id": job.source_event_id,
                "contact_id": contact.contact_id,
                "document_id": job.document_id,
                "to_address": contact.email,
                "to_name": contact.name,
                "subject": composed.subject,
                "text_body": composed.text,
                "html_body": composed.html,
                "status": MailStatus.pending.value,
                "attempts": 0,
                "next_attempt_at": now,
                "created_at": now,
            }
        )
    return rows
