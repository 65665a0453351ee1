"""Download links of serial letters: one e-mail to each staff member the event names (the
requester, or the approvers), active and with an address; nobody else ever gets the link."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from hausportal.contracts.smartpost import DownloadLinkPayload, DownloadLinkReady
from hausportal.kit.uploads import human_size
from hausportal.notify.mails.compose import DownloadLinkNotice, compose_download_link
from hausportal.notify.mails.german import date_and_time
from hausportal.notify.models import JobKind, MailKind, NotificationJob, directory, recipient_key
from hausportal.notify.notifications import service
from hausportal.notify.notifications.recipients import staff_with_mail
from hausportal.notify.notifications.service import ComposeContext, Draft


async def record(session: AsyncSession, *, event: DownloadLinkReady, now: datetime) -> bool:
    return await service.record(
        session,
        event=event,
        kind=JobKind.download_link,
        item_id=event.payload.serial_letter_id,
        payload=event.payload.model_dump(mode="json"),
        now=now,
        due_at=now,
    )


async def compose(
    session: AsyncSession, job: NotificationJob, context: ComposeContext
) -> list[Draft]:
    link = DownloadLinkPayload.model_validate(job.payload)
    brand = await directory.brand(session, account_id=job.account_id)
    staff = await staff_with_mail(session, account_id=job.account_id, staff_ids=link.staff_ids)
    drafts = []
    for member in staff:
        composed = compose_download_link(
            DownloadLinkNotice(
                recipient_name=member.name,
                account_name=brand.name,
                title=link.title,
                file_name=link.file_name,
                size=human_size(link.size),
                link=link.link,
                valid_until=date_and_time(link.expires_at),
            ),
            brand=brand,
        )
        drafts.append(
            Draft(
                kind=MailKind.download_link,
                recipient=recipient_key(staff_id=member.staff_id),
                to_address=member.email,
                to_name=member.name,
                composed=composed,
            )
        )
    return drafts
