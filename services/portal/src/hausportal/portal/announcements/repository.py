"""Queries of messages and appointments, always within one account; deleted ones are gone."""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Collection
from datetime import datetime

from sqlalchemy import delete, func, insert, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from hausportal.kit.paging import PageParams
from hausportal.portal.models import (
    Announcement,
    AnnouncementAttachment,
    AnnouncementContact,
    AnnouncementProperty,
    Contact,
    Property,
)
from hausportal.portal.queries import chunks, paged

_LAST_MOMENT = func.coalesce(Announcement.ends_at, Announcement.starts_at)


def _live(account_id: uuid.UUID) -> list:  # type: ignore[type-arg]
    return [Announcement.account_id == account_id, Announcement.deleted_at.is_(None)]


async def get(
    session: AsyncSession, *, account_id: uuid.UUID, announcement_id: uuid.UUID
) -> Announcement | None:
    return await session.scalar(
        select(Announcement).where(*_live(account_id), Announcement.id == announcement_id)
    )


async def search(
    session: AsyncSession,
    *,
    account_id: uuid.UUID,
    kind: str,
    property_id: uuid.UUID | None,
    upcoming_from: datetime | None,
    page: PageParams,
) -> tuple[list[Announcement], int]:
    """Messages newest first; appointments latest first, or with ``upcoming_from`` those not
    over yet, soonest first."""
    statement = select(Announcement).where(*_live(account_id), Announcement.kind == kind)
    if property_id is not None:
        statement = statement.where(
            Announcement.id.in_(
                select(AnnouncementProperty.announcement_id).where(
                    AnnouncementProperty.property_id == property_id
                )
            )
        )
    if kind == "message":
        order = [Announcement.published_at.desc()]
    elif upcoming_from is not None:
        statement = statement.where(upcoming_from <= _LAST_MOMENT)
        order = [Announcement.starts_at.asc()]
    else:
        order = [Announcement.starts_at.desc()]
    return await paged(session, statement.order_by(*order, Announcement.id), page=page)


async def for_viewer(
    session: AsyncSession,
    *,
    account_id: uuid.UUID,
    property_ids: Collection[uuid.UUID],
    contact_id: uuid.UUID | None,
) -> list[Announcement]:
    """Candidates a viewer might see: to one of the properties, or naming the contact."""
    conditions = []
    if property_ids:
        conditions.append(
            Announcement.id.in_(
                select(AnnouncementProperty.announcement_id).where(
                    AnnouncementProperty.property_id.in_(list(property_ids))
                )
            )
        )
    if contact_id is not None:
        conditions.append(
            Announcement.id.in_(
                select(AnnouncementContact.announcement_id).where(
                    AnnouncementContact.contact_id == contact_id
                )
            )
        )
    if not conditions:
        return []
    rows = await session.scalars(select(Announcement).where(*_live(account_id), or_(*conditions)))
    return list(rows)


async def targets(
    session: AsyncSession, *, announcement_ids: Collection[uuid.UUID]
) -> tuple[dict[uuid.UUID, list[uuid.UUID]], dict[uuid.UUID, list[uuid.UUID]]]:
    """Per announcement: its properties and its named contacts (each sorted)."""
    properties: dict[uuid.UUID, list[uuid.UUID]] = defaultdict(list)
    contacts: dict[uuid.UUID, list[uuid.UUID]] = defaultdict(list)
    for chunk in chunks(list(announcement_ids)):
        for row in await session.execute(
            select(AnnouncementProperty.announcement_id, AnnouncementProperty.property_id).where(
                AnnouncementProperty.announcement_id.in_(chunk)
            )
        ):
            properties[row[0]].append(row[1])
        for row in await session.execute(
            select(AnnouncementContact.announcement_id, AnnouncementContact.contact_id).where(
                AnnouncementContact.announcement_id.in_(chunk)
            )
        ):
            contacts[row[0]].append(row[1])
    for found in (properties, contacts):
        for values in found.values():
            values.sort()
    return dict(properties), dict(contacts)


async def set_targets(
    session: AsyncSession,
    *,
    announcement_id: uuid.UUID,
    property_ids: Collection[uuid.UUID] | None = None,
    contact_ids: Collection[uuid.UUID] | None = None,
) -> None:
    """Replaces the properties and/or contacts that are given."""
    if property_ids is not None:
        await session.execute(
            delete(AnnouncementProperty).where(
                AnnouncementProperty.announcement_id == announcement_id
            )
        )
        if property_ids:
            await session.execute(
                insert(AnnouncementProperty),
                [{"announcement_id": announcement_id, "property_id": p} for p in property_ids],
            )
    if contact_ids is not None:
        await session.execute(
            delete(AnnouncementContact).where(
                AnnouncementContact.announcement_id == announcement_id
            )
        )
        if contact_ids:
            await session.execute(
                insert(AnnouncementContact),
                [{"announcement_id": announcement_id, "contact_id": c} for c in contact_ids],
            )


async def attachments(
    session: AsyncSession, *, announcement_ids: Collection[uuid.UUID]
) -> dict[uuid.UUID, list[AnnouncementAttachment]]:
    found: dict[uuid.UUID, list[AnnouncementAttachment]] = defaultdict(list)
    for chunk in chunks(list(announcement_ids)):
        rows = await session.scalars(
            select(AnnouncementAttachment)
            .where(AnnouncementAttachment.announcement_id.in_(chunk))
            .order_by(AnnouncementAttachment.created_at, AnnouncementAttachment.file_name)
        )
        for attachment in rows:
            found[attachment.announcement_id].append(attachment)
    return dict(found)


async def attachment(
    session: AsyncSession,
    *,
    account_id: uuid.UUID,
    announcement_id: uuid.UUID,
    attachment_id: uuid.UUID,
) -> AnnouncementAttachment | None:
    return await session.scalar(
        select(AnnouncementAttachment).where(
            AnnouncementAttachment.account_id == account_id,
            AnnouncementAttachment.announcement_id == announcement_id,
            AnnouncementAttachment.id == attachment_id,
        )
    )


async def existing_property_ids(
    session: AsyncSession, *, account_id: uuid.UUID, property_ids: Collection[uuid.UUID]
) -> set[uuid.UUID]:
    found: set[uuid.UUID] = set()
    for chunk in chunks(list(property_ids)):
        rows = await session.scalars(
            select(Property.id).where(Property.account_id == account_id, Property.id.in_(chunk))
        )
        found.update(rows)
    return found


async def all_property_ids(session: AsyncSession, *, account_id: uuid.UUID) -> set[uuid.UUID]:
    return set(await session.scalars(select(Property.id).where(Property.account_id == account_id)))


async def existing_contact_ids(
    session: AsyncSession, *, account_id: uuid.UUID, contact_ids: Collection[uuid.UUID]
) -> set[uuid.UUID]:
    found: set[uuid.UUID] = set()
    for chunk in chunks(list(contact_ids)):
        rows = await session.scalars(
            select(Contact.id).where(Contact.account_id == account_id, Contact.id.in_(chunk))
        )
        found.update(rows)
    return found
