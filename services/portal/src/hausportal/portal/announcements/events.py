"""The events of messages and appointments (hausportal.contracts.portal), for the outbox."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Literal, cast

from hausportal.contracts import portal as ev
from hausportal.portal.models import Announcement


def published(
    announcement: Announcement,
    *,
    property_ids: Sequence[uuid.UUID],
    contact_ids: Sequence[uuid.UUID],
    attachment_names: Sequence[str],
) -> ev.MessagePublished | ev.AppointmentPublished:
    """Written once, at publish: it carries ``notify``, so an edit never e-mails again."""
    fields = {
        "announcement_id": announcement.id,
        "title": announcement.title,
        "text": announcement.text,
        "property_ids": tuple(property_ids),
        "contact_ids": tuple(contact_ids),
        "notify": announcement.notify,
        "published_at": announcement.published_at,
        "published_by": announcement.published_by,
        "attachment_names": tuple(attachment_names),
    }
    if announcement.kind == "appointment":
        return ev.AppointmentPublished(
            account_id=announcement.account_id,
            payload=ev.AppointmentPayload(
                **fields,
                starts_at=announcement.starts_at,
                ends_at=announcement.ends_at,
                place=announcement.place,
            ),
        )
    return ev.MessagePublished(
        account_id=announcement.account_id, payload=ev.AnnouncementPayload(**fields)
    )


def deleted(announcement: Announcement) -> ev.AnnouncementDeleted:
    return ev.AnnouncementDeleted(
        account_id=announcement.account_id,
        payload=ev.AnnouncementRef(
            announcement_id=announcement.id,
            kind=cast(Literal["message", "appointment"], announcement.kind),
        ),
    )
