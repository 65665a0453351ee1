"""What one viewer (a contact, or the preview's hypothetical one) sees in the portal today."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date, datetime
from typing import Literal, cast

from sqlalchemy.ext.asyncio import AsyncSession

from hausportal.contracts.directory import AccessWindows
from hausportal.kit.visibility import Viewer
from hausportal.portal.announcements import repository as announcements
from hausportal.portal.faq import repository as faq
from hausportal.portal.home import repository as people
from hausportal.portal.home import sharing
from hausportal.portal.home.schemas import (
    HomeAnnouncement,
    HomeAttachment,
    HomeContactPerson,
    HomeFaqEntry,
    HomeOut,
)
from hausportal.portal.home.viewers import property_ids_of
from hausportal.portal.models import Announcement, ContactPerson, FaqEntry


async def visible_announcements(
    session: AsyncSession, *, viewer: Viewer, access: AccessWindows, on: date
) -> list[Announcement]:
    candidates = await announcements.for_viewer(
        session,
        account_id=viewer.account_id,
        property_ids=property_ids_of(viewer),
        contact_id=viewer.contact_id,
    )
    targets, named = await announcements.targets(
        session, announcement_ids=[a.id for a in candidates]
    )
    return [
        a
        for a in candidates
        if sharing.decide(
            viewer,
            sharing.items_of(
                account_id=a.account_id,
                property_ids=targets.get(a.id, []),
                contact_ids=named.get(a.id, []),
            ),
            access=access,
            on=on,
        )
    ]


async def is_visible(
    session: AsyncSession,
    *,
    viewer: Viewer,
    announcement: Announcement,
    access: AccessWindows,
    on: date,
) -> bool:
    targets, named = await announcements.targets(session, announcement_ids=[announcement.id])
    items = sharing.items_of(
        account_id=announcement.account_id,
        property_ids=targets.get(announcement.id, []),
        contact_ids=named.get(announcement.id, []),
    )
    return bool(sharing.decide(viewer, items, access=access, on=on))


def visible_property_ids(viewer: Viewer, *, access: AccessWindows, on: date) -> list[uuid.UUID]:
    """Properties whose FAQ and contact persons the viewer sees: shared with everyone of them."""
    return sorted(
        p
        for p in property_ids_of(viewer)
        if sharing.decide(
            viewer,
            [sharing.property_item(account_id=viewer.account_id, property_id=p)],
            access=access,
            on=on,
        )
    )


async def portal_view(
    session: AsyncSession, *, viewer: Viewer, access: AccessWindows, now: datetime, on: date
) -> HomeOut:
    shown = await visible_announcements(session, viewer=viewer, access=access, on=on)
    files = await announcements.attachments(session, announcement_ids=[a.id for a in shown])

    def card(a: Announcement) -> HomeAnnouncement:
        return HomeAnnouncement(
            id=a.id,
            kind=cast(Literal["message", "appointment"], a.kind),
            title=a.title,
            text=a.text,
            published_at=a.published_at,
            updated_at=a.updated_at,
            starts_at=a.starts_at,
            ends_at=a.ends_at,
            place=a.place,
            attachments=[
                HomeAttachment(
                    id=f.id, file_name=f.file_name, content_type=f.content_type, size=f.size
                )
                for f in files.get(a.id, [])
            ],
        )

    messages = sorted(
        (a for a in shown if a.kind == "message"),
        key=lambda a: (a.published_at, str(a.id)),
        reverse=True,
    )
    return HomeOut(
        messages=[card(a) for a in messages],
        appointments=[card(a) for a in _appointments_in_order(shown, now=now)],
        **await _property_content(session, viewer=viewer, access=access, on=on),
    )


def _appointments_in_order(shown: Sequence[Announcement], *, now: datetime) -> list[Announcement]:
    appointments = [a for a in shown if a.kind == "appointment" and a.starts_at is not None]

    def last_moment(a: Announcement) -> datetime:
        return a.ends_at or a.starts_at  # type: ignore[return-value]

    upcoming = sorted((a for a in appointments if last_moment(a) >= now), key=_by_start)
    past = sorted((a for a in appointments if last_moment(a) < now), key=_by_start, reverse=True)
    return upcoming + past


def _by_start(a: Announcement) -> tuple[datetime, str]:
    return (a.starts_at, str(a.id))  # type: ignore[return-value]


async def _property_content(
    session: AsyncSession, *, viewer: Viewer, access: AccessWindows, on: date
) -> dict[str, list[HomeFaqEntry] | list[HomeContactPerson]]:
    property_ids = visible_property_ids(viewer, access=access, on=on)
    names = await people.property_names(
        session, account_id=viewer.account_id, property_ids=property_ids
    )
    entries = await faq.of_properties(
        session, FaqEntry, account_id=viewer.account_id, property_ids=property_ids
    )
    persons = await faq.of_properties(
        session, ContactPerson, account_id=viewer.account_id, property_ids=property_ids
    )
    return {
        "faq": [
            HomeFaqEntry(
                id=e.id,
                property_id=e.property_id,
                property_name=names.get(e.property_id, ""),
                question=e.question,
                answer=e.answer,
            )
            for e in entries
        ],
        "contact_persons": [
            HomeContactPerson(
                id=p.id,
                property_id=p.property_id,
                property_name=names.get(p.property_id, ""),
                name=p.name,
                role=p.role,
                phone=p.phone,
                email=p.email,
            )
            for p in persons
        ],
    }
