"""Documents: an immediate e-mail to those who can see a new document and want one, and the
document kept for the daily digest (``notifications/digest.py``).

Who gets the immediate e-mail, by the contact's preference:

- ``immediate``: always (one e-mail per document that becomes visible to it);
- ``digest`` (the default): only when staff published the document "notify now" (it is listed
  in the next digest as well);
- ``none``: never, "notify now" or not.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from uuid import UUID

from pydantic import BaseModel
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from hausportal.contracts.documents import Audience, DocumentDeleted, DocumentPublished
from hausportal.kit.db import upsert_insert
from hausportal.kit.visibility import SharedItem
from hausportal.notify.mails.compose import (
    UNKNOWN_PROPERTY,
    DocumentNotice,
    compose_document_published,
    document_link,
)
from hausportal.notify.models import (
    DocumentMode,
    JobKind,
    MailKind,
    NotificationJob,
    PublishedDocument,
    directory,
    recipient_key,
)
from hausportal.notify.notifications import service
from hausportal.notify.notifications.recipients import reachable, who_can_see
from hausportal.notify.notifications.service import ComposeContext, Draft
from hausportal.notify.preferences import repository as preferences


class DocumentJob(BaseModel):
    """A document job's payload: what decides who sees the document, and its title."""

    property_id: UUID
    unit_id: UUID | None = None
    title: str
    audience: Audience
    # Staff asked to tell everyone at once; jobs recorded before preferences existed had to.
    notify_now: bool = True


def wants_mail_now(mode: DocumentMode, *, notify_now: bool) -> bool:
    return mode is DocumentMode.immediate or (notify_now and mode is DocumentMode.digest)


async def record_published(
    session: AsyncSession, *, event: DocumentPublished, now: datetime, settle: timedelta
) -> bool:
    """The document for the next digest, and a job for the immediate e-mails; False if the
    event came before."""
    document = event.payload
    await _keep_for_digest(session, event=event, now=now)
    payload = DocumentJob(
        property_id=document.property_id,
        unit_id=document.unit_id,
        title=document.title,
        audience=document.audience,
        notify_now=document.notify_now,
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


async def _keep_for_digest(
    session: AsyncSession, *, event: DocumentPublished, now: datetime
) -> None:
    """Waiting for the next digest from now (notify's clock decides which digest lists it). A
    second "published" of the same document updates what is known of it, not its digest."""
    document = event.payload
    row = {
        "document_id": document.document_id,
        "account_id": event.account_id,
        "property_id": document.property_id,
        "unit_id": document.unit_id,
        "audience": document.audience.model_dump(mode="json"),
        "title": document.title,
        "document_type": document.document_type,
        "received_at": now,
    }
    statement = upsert_insert(session)(PublishedDocument).values(row)
    changed = ("property_id", "unit_id", "audience", "title", "document_type")
    await session.execute(
        statement.on_conflict_do_update(
            index_elements=["document_id"],
            set_={name: statement.excluded[name] for name in changed},
            where=PublishedDocument.account_id == event.account_id,
        )
    )


async def cancel_for_deleted(
    session: AsyncSession, *, event: DocumentDeleted, now: datetime
) -> None:
    """Deleted: no immediate e-mail that has not gone out, and in no digest not yet sent."""
    await session.execute(
        update(PublishedDocument)
        .where(
            PublishedDocument.account_id == event.account_id,
            PublishedDocument.document_id == event.payload.document_id,
        )
        .values(deleted_at=now)
    )
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
    modes = await preferences.modes(
        session, account_id=job.account_id, contact_ids=[c.contact_id for c in contacts]
    )
    contacts = [
        c for c in contacts if wants_mail_now(modes[c.contact_id], notify_now=document.notify_now)
    ]
    if not contacts:
        return []
    brand = await directory.brand(session, account_id=job.account_id)
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
                    account_name=brand.name,
                    property_name=property_.name if property_ else UNKNOWN_PROPERTY,
                    title=document.title,
                    link=link,
                ),
                brand=brand,
            ),
        )
        for contact in contacts
    ]
