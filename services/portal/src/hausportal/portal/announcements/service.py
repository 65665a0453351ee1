"""Publishing, changing and withdrawing messages and appointments."""

from __future__ import annotations

import uuid
from collections.abc import Collection, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession
from starlette.datastructures import UploadFile

from hausportal.kit.errors import Invalid, NotFound
from hausportal.kit.storage.port import ObjectStorage
from hausportal.kit.uploads import discard
from hausportal.portal.announcements import events, files, repository
from hausportal.portal.announcements.schemas import AnnouncementPatch, AppointmentIn, MessageIn
from hausportal.portal.models import Announcement, AnnouncementAttachment, outbox
from hausportal.portal.text import clean

NOT_FOUND = "Die Mitteilung oder der Termin wurde nicht gefunden."


async def get_announcement(
    session: AsyncSession, *, account_id: uuid.UUID, announcement_id: uuid.UUID
) -> Announcement:
    announcement = await repository.get(
        session, account_id=account_id, announcement_id=announcement_id
    )
    if announcement is None:
        raise NotFound("announcement_not_found", NOT_FOUND)
    return announcement


async def _checked_properties(
    session: AsyncSession, *, account_id: uuid.UUID, property_ids: Collection[uuid.UUID]
) -> set[uuid.UUID]:
    wanted = set(property_ids)
    missing = wanted - await repository.existing_property_ids(
        session, account_id=account_id, property_ids=wanted
    )
    if missing:
        raise NotFound(
            "property_not_found",
            "Die Liegenschaft wurde nicht gefunden."
            if len(missing) == 1
            else f"{len(missing)} der Liegenschaften wurden nicht gefunden.",
            property_ids=sorted(str(p) for p in missing),
        )
    return wanted


async def _checked_contacts(
    session: AsyncSession, *, account_id: uuid.UUID, contact_ids: Collection[uuid.UUID]
) -> set[uuid.UUID]:
    wanted = set(contact_ids)
    missing = wanted - await repository.existing_contact_ids(
        session, account_id=account_id, contact_ids=wanted
    )
    if missing:
        raise NotFound(
            "contact_not_found",
            "Der Kontakt wurde nicht gefunden."
            if len(missing) == 1
            else f"{len(missing)} der Kontakte wurden nicht gefunden.",
            contact_ids=sorted(str(c) for c in missing),
        )
    return wanted


def _ensure_recipients(
    property_ids: Collection[uuid.UUID], contact_ids: Collection[uuid.UUID]
) -> None:
    if not property_ids and not contact_ids:
        raise Invalid(
            "announcement_without_recipients",
            "Bitte wählen Sie mindestens eine Liegenschaft oder einen Kontakt als Empfänger.",
        )


def _ensure_times(starts_at: datetime | None, ends_at: datetime | None) -> None:
    if starts_at is not None and ends_at is not None and ends_at < starts_at:
        raise Invalid(
            "appointment_ends_before_start",
            "Der Termin kann nicht vor seinem Beginn enden.",
            starts_at=starts_at.isoformat(),
            ends_at=ends_at.isoformat(),
        )


async def publish(
    session: AsyncSession,
    *,
    storage: ObjectStorage,
    account_id: uuid.UUID,
    staff_id: uuid.UUID,
    body: MessageIn,
    uploads: Sequence[UploadFile],
    max_bytes: int,
    now: datetime,
) -> Announcement:
    """A message (``MessageIn``) or appointment (``AppointmentIn``) with its attachments,
    visible at once; MessagePublished / AppointmentPublished carries ``notify``."""
    appointment = body if isinstance(body, AppointmentIn) else None
    property_ids = await _checked_properties(
        session, account_id=account_id, property_ids=body.property_ids
    )
    if body.all_properties:
        property_ids |= await repository.all_property_ids(session, account_id=account_id)
    contact_ids = await _checked_contacts(
        session, account_id=account_id, contact_ids=body.contact_ids
    )
    _ensure_recipients(property_ids, contact_ids)
    if appointment is not None:
        _ensure_times(appointment.starts_at, appointment.ends_at)

    announcement = Announcement(
        id=uuid.uuid4(),
        account_id=account_id,
        kind="message" if appointment is None else "appointment",
        title=body.title,
        text=body.text,
        all_properties=body.all_properties,
        starts_at=appointment.starts_at if appointment else None,
        ends_at=appointment.ends_at if appointment else None,
        place=clean(appointment.place) if appointment else None,
        notify=body.notify,
        published_at=now,
        published_by=staff_id,
    )
    stored = await files.store(
        storage,
        account_id=account_id,
        announcement_id=announcement.id,
        uploads=uploads,
        max_bytes=max_bytes,
    )
    try:
        session.add(announcement)
        await session.flush()
        await repository.set_targets(
            session,
            announcement_id=announcement.id,
            property_ids=sorted(property_ids),
            contact_ids=sorted(contact_ids),
        )
        session.add_all(
            AnnouncementAttachment(
                id=s.id,
                account_id=account_id,
                announcement_id=announcement.id,
                file_name=s.file_name,
                content_type=s.content_type,
                size=s.stored.size,
                sha256=s.stored.sha256,
                object_key=s.stored.key,
                created_at=now,
            )
            for s in stored
        )
        await session.flush()
        await outbox.add(
            session,
            events.published(
                announcement,
                property_ids=sorted(property_ids),
                contact_ids=sorted(contact_ids),
                attachment_names=[s.file_name for s in stored],
            ),
        )
    except BaseException:
        await discard(storage, [s.stored.key for s in stored])
        raise
    return announcement


async def update(
    session: AsyncSession,
    *,
    account_id: uuid.UUID,
    announcement_id: uuid.UUID,
    patch: AnnouncementPatch,
    now: datetime,
) -> Announcement:
    """Changes what residents see; publishes nothing, so nobody is notified again."""
    announcement = await get_announcement(
        session, account_id=account_id, announcement_id=announcement_id
    )
    changes: dict[str, Any] = patch.changes()
    timing = {"starts_at", "ends_at", "place"} & changes.keys()
    if timing and announcement.kind != "appointment":
        raise Invalid(
            "message_has_no_time",
            "Nur Termine haben Beginn, Ende und Ort.",
            fields=sorted(timing),
        )
    _ensure_times(
        changes.get("starts_at", announcement.starts_at),
        changes.get("ends_at", announcement.ends_at),
    )
    new_properties = new_contacts = None
    if "property_ids" in changes:
        new_properties = await _checked_properties(
            session, account_id=account_id, property_ids=changes.pop("property_ids")
        )
    if "contact_ids" in changes:
        new_contacts = await _checked_contacts(
            session, account_id=account_id, contact_ids=changes.pop("contact_ids")
        )
    if new_properties is not None or new_contacts is not None:
        properties, contacts = await repository.targets(session, announcement_ids=[announcement.id])
        _ensure_recipients(
            new_properties if new_properties is not None else properties.get(announcement.id, []),
            new_contacts if new_contacts is not None else contacts.get(announcement.id, []),
        )
        await repository.set_targets(
            session,
            announcement_id=announcement.id,
            property_ids=sorted(new_properties) if new_properties is not None else None,
            contact_ids=sorted(new_contacts) if new_contacts is not None else None,
        )
        if new_properties is not None:
            announcement.all_properties = False
    for field, value in changes.items():
        setattr(announcement, field, clean(value) if field == "place" else value)
    announcement.updated_at = now
    await session.flush()
    return announcement


async def withdraw(
    session: AsyncSession, *, account_id: uuid.UUID, announcement_id: uuid.UUID, now: datetime
) -> None:
    """Soft delete: gone from every start page; AnnouncementDeleted stops unsent e-mails."""
    announcement = await get_announcement(
        session, account_id=account_id, announcement_id=announcement_id
    )
    announcement.deleted_at = now
    await session.flush()
    await outbox.add(session, events.deleted(announcement))
