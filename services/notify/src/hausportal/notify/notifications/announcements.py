"""Messages and appointments (Mitteilungen, Termine): an e-mail to everyone who can see one
that staff published with "notify recipients".

Who sees it: for each of its properties, the owners, tenants (active contract) and residents
of that property; each of its named contacts while it may log in. Editing publishes no event
and so sends nothing; an announcement is announced once even if a second "published" came.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from hausportal.contracts.documents import Audience, Group
from hausportal.contracts.portal import (
    AnnouncementDeleted,
    AnnouncementPayload,
    AppointmentPayload,
    AppointmentPublished,
    MessagePublished,
)
from hausportal.kit.visibility import SharedItem
from hausportal.notify.mails.compose import (
    AnnouncementNotice,
    AppointmentNotice,
    Composed,
    compose_appointment_published,
    compose_message_published,
    start_page_link,
)
from hausportal.notify.mails.german import short_date, time_range
from hausportal.notify.models import JobKind, MailKind, NotificationJob, directory, recipient_key
from hausportal.notify.notifications import repository as jobs
from hausportal.notify.notifications import service
from hausportal.notify.notifications.recipients import (
    reachable,
    who_can_see,
)
from hausportal.notify.notifications.service import ComposeContext, Draft

JOB_KINDS = frozenset({JobKind.message, JobKind.appointment})
MAIL_KINDS = frozenset({MailKind.message, MailKind.appointment})
# A message or appointment of a property is for everyone of it.
EVERYONE = Audience(groups=frozenset({Group.owners, Group.tenants, Group.residents}))


async def record_published(
    session: AsyncSession,
    *,
    event: MessagePublished | AppointmentPublished,
    now: datetime,
    settle: timedelta,
) -> bool:
    """A job if staff asked to notify; False if none was recorded."""
    announcement = event.payload
    if not announcement.notify:
        return False
    if await jobs.exists_for_item(
        session, account_id=event.account_id, item_id=announcement.announcement_id, kinds=JOB_KINDS
    ):
        return False
    kind = JobKind.appointment if isinstance(event, AppointmentPublished) else JobKind.message
    return await service.record(
        session,
        event=event,
        kind=kind,
        item_id=announcement.announcement_id,
        payload=announcement.model_dump(mode="json"),
        now=now,
        due_at=now + settle,
    )


async def cancel_for_deleted(
    session: AsyncSession, *, event: AnnouncementDeleted, now: datetime
) -> None:
    await service.cancel_for_item(
        session,
        account_id=event.account_id,
        item_id=event.payload.announcement_id,
        job_kinds=JOB_KINDS,
        mail_kinds=MAIL_KINDS,
        now=now,
    )


async def compose(
    session: AsyncSession, job: NotificationJob, context: ComposeContext
) -> list[Draft]:
    appointment = job.kind == JobKind.appointment.value
    announcement = (AppointmentPayload if appointment else AnnouncementPayload).model_validate(
        job.payload
    )
    account_id = job.account_id
    items = [
        SharedItem(account_id=account_id, property_id=p, audience=EVERYONE)
        for p in announcement.property_ids
    ] + [
        SharedItem(account_id=account_id, audience=Audience(contact_id=c))
        for c in announcement.contact_ids
    ]
    contacts = reachable(await who_can_see(session, items=items, on=context.on))
    if not contacts:
        return []
    brand = await directory.brand(session, account_id=account_id)
    link = start_page_link(portal_url=context.portal_url)
    drafts = []
    for contact in contacts:
        common = {
            "recipient_name": contact.name,
            "account_name": brand.name,
            "title": announcement.title,
            "text": announcement.text,
            "link": link,
            "attachment_count": len(announcement.attachment_names),
        }
        composed: Composed
        if isinstance(announcement, AppointmentPayload):
            composed = compose_appointment_published(
                AppointmentNotice(
                    **common,
                    when=time_range(announcement.starts_at, announcement.ends_at),
                    day=short_date(announcement.starts_at),
                    place=announcement.place,
                ),
                brand=brand,
            )
        else:
            composed = compose_message_published(AnnouncementNotice(**common), brand=brand)
        drafts.append(
            Draft(
                kind=MailKind.appointment if appointment else MailKind.message,
                recipient=recipient_key(contact_id=contact.contact_id),
                contact_id=contact.contact_id,
                to_address=contact.email or "",
                to_name=contact.name,
                composed=composed,
            )
        )
    return drafts
