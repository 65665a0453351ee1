"""Announcements as the API shows them, with targets and attachments loaded in bulk."""

from __future__ import annotations

from collections.abc import Sequence
from typing import cast

from sqlalchemy.ext.asyncio import AsyncSession

from hausportal.portal.announcements import repository
from hausportal.portal.announcements.schemas import AnnouncementOut, AttachmentOut, Kind
from hausportal.portal.models import Announcement


async def described(
    session: AsyncSession, announcements: Sequence[Announcement]
) -> list[AnnouncementOut]:
    ids = [a.id for a in announcements]
    properties, contacts = await repository.targets(session, announcement_ids=ids)
    attachments = await repository.attachments(session, announcement_ids=ids)
    return [
        AnnouncementOut(
            id=a.id,
            kind=cast(Kind, a.kind),
            title=a.title,
            text=a.text,
            property_ids=properties.get(a.id, []),
            all_properties=a.all_properties,
            contact_ids=contacts.get(a.id, []),
            starts_at=a.starts_at,
            ends_at=a.ends_at,
            place=a.place,
            notify=a.notify,
            published_at=a.published_at,
            published_by=a.published_by,
            updated_at=a.updated_at,
            attachments=[AttachmentOut.model_validate(f) for f in attachments.get(a.id, [])],
        )
        for a in announcements
    ]


async def one(session: AsyncSession, announcement: Announcement) -> AnnouncementOut:
    return (await described(session, [announcement]))[0]
