"""Documents: an e-mail to everyone who can see a document that staff published "notify now"."""

from __future__ import annotations

from datetime import datetime, timedelta
from uuid import UUID

from pydantic import BaseModel
from sqlalchemy.ext.asyncio import AsyncSession

from hausportal.contracts.documents import Audience, DocumentDeleted, DocumentPublished
from hausportal.kit.visibility import SharedItem
from hausportal.notify.mails.compose import (
    UNKNOWN_ACCOUNT,
    UNKNOWN_PROPERTY,
    DocumentNotice,
    compose_document_published,
    document_link,
)
from hausportal.notify.models import JobKind, MailKind, NotificationJob, directory, recipient_key
from hausportal.notify.notifications import service
from hausportal.notify.notifications.recipients import reachable, who_can_see
from hausportal.notify.notifications.service import ComposeContext, Draft


class DocumentJob(BaseModel):
    """A document job's payload: what decides who sees the document, and its title."""

    property_id: UUID
    unit_id: UUID | None = None
    title: str
    audience: Audience


async def record_published(
    session: AsyncSession, *, event: DocumentPublished, now: datetime, settle: timedelta
) -> bool:
    """A job for an immediate e-mail, if staff asked for one; False if none was recorded."""
    document = event.payload
    if not document.notify_now:
        return False
    payload = DocumentJob(
        property_id=document.property_id,
        unit_id=document.unit_id,
        title=document.title,
        audience=document.audience,
    )
    return await service.record(
        session,
        event=event,
        kind=JobKind.document,
        item_id=document.document_id,
        payload=payload.model_dump(mode="json"),
        now=now,
        due_at=now + settle,
    )


async def cancel_for_deleted(
    session: AsyncSession, *, event: DocumentDeleted, now: datetime
) -> None:
    await service.cancel_for_item(
        session,
        account_id=event.account_id,
        item_id=event.payload.document_id,
        job_kinds={JobKind.document},
        mail_kinds={MailKind.document},
        now=now,
    )


async def compose(
    session: AsyncSession, job: NotificationJob, context: ComposeContext
) -> list[Draft]:
    document = DocumentJob.model_validate(job.payload)
    item = SharedItem(
        account_id=job.account_id,
        property_id=document.property_id,
        unit_id=document.unit_id,
        audience=document.audience,
    )
    contacts = reachable(await who_can_see(session, items=[item], on=context.on))
    if not contacts:
        return []
    account_name = await directory.account_name(session, account_id=job.account_id)
    property_ = await directory.property(
        session, account_id=job.account_id, property_id=document.property_id
    )
    link = document_link(portal_url=context.portal_url, document_id=job.item_id)
    return [
        Draft(
            kind=MailKind.document,
            recipient=recipient_key(contact_id=contact.contact_id),
            contact_id=contact.contact_id,
            to_address=contact.email or "",
            to_name=contact.name,
            composed=compose_document_published(
                DocumentNotice(
                    recipient_name=contact.name,
                    account_name=account_name or UNKNOWN_ACCOUNT,
                    property_name=property_.name if property_ else UNKNOWN_PROPERTY,
                    title=document.title,
                    link=link,
                )
            ),
        )
        for contact in contacts
    ]
