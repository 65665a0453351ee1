"""Messages (Mitteilungen) and appointments (Termine) to properties or named contacts."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    ForeignKey,
    Index,
    String,
    Text,
    Uuid,
)
from sqlalchemy.orm import Mapped, mapped_column

from hausportal.kit.db import UtcDateTime, uuid_primary_key
from hausportal.portal.models import Base
from hausportal.portal.models.columns import account_key


class Announcement(Base):
    __tablename__ = "announcement"
    __table_args__ = (
        CheckConstraint("kind IN ('message', 'appointment')", name="kind"),
        CheckConstraint("ends_at IS NULL OR ends_at >= starts_at", name="ends_after_start"),
        Index("ix_announcement_account_kind_published", "account_id", "kind", "published_at"),
    )

    id: Mapped[uuid.UUID] = uuid_primary_key()
    account_id: Mapped[uuid.UUID] = account_key()
    kind: Mapped[str] = mapped_column(String(16))
    title: Mapped[str] = mapped_column(String(200))
    text: Mapped[str] = mapped_column(Text)
    # Sent to every property of the account (resolved to the properties existing at publish).
    all_properties: Mapped[bool] = mapped_column(Boolean, default=False)
    # Only appointments have a time and a place.
    starts_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    ends_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    place: Mapped[str | None] = mapped_column(String(200))
    # Whether staff asked for an e-mail at publish; editing never sends one again.
    notify: Mapped[bool] = mapped_column(Boolean)
    published_at: Mapped[datetime] = mapped_column(UtcDateTime)
    # The staff member who published it (no foreign key: staff come and go, the record stays).
    published_by: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    updated_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    # Soft delete: gone for residents and staff lists, kept for the record.
    deleted_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class AnnouncementProperty(Base):
    """A property the announcement goes to; disappears with the property."""

    __tablename__ = "announcement_property"

    announcement_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("portal.announcement.id", ondelete="CASCADE"), primary_key=True
    )
    property_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("portal.property.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class AnnouncementContact(Base):
    """A named contact the announcement goes to; disappears with the contact."""

    __tablename__ = "announcement_contact"

    announcement_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("portal.announcement.id", ondelete="CASCADE"), primary_key=True
    )
    contact_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("portal.contact.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class AnnouncementAttachment(Base):
    __tablename__ = "announcement_attachment"

    id: Mapped[uuid.UUID] = uuid_primary_key()
    account_id: Mapped[uuid.UUID] = account_key()
    announcement_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("portal.announcement.id", ondelete="CASCADE"), index=True
    )
    file_name: Mapped[str] = mapped_column(String(255))
    content_type: Mapped[str] = mapped_column(String(255))
    size: Mapped[int] = mapped_column(BigInteger)
    sha256: Mapped[str] = mapped_column(String(64))
    object_key: Mapped[str] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
