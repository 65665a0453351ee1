"""What staff may ask about outgoing mail: their own account's, nothing else."""

from __future__ import annotations

from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from hausportal.kit.paging import Page, PageParams
from hausportal.notify.mails import repository
from hausportal.notify.mails.schemas import MailOut
from hausportal.notify.models import MailKind, MailStatus


async def list_mails(
    session: AsyncSession,
    *,
    account_id: UUID,
    contact_id: UUID | None = None,
    status: MailStatus | None = None,
    kind: MailKind | None = None,
    page: PageParams,
) -> Page[MailOut]:
    mails, total = await repository.list_for_account(
        session,
        account_id=account_id,
        contact_id=contact_id,
        status=status,
        kind=kind,
        limit=page.limit,
        offset=page.offset,
    )
    return Page[MailOut].of(
        [MailOut.model_validate(mail) for mail in mails], total=total, params=page
    )
