"""Invitations (contact codes, property e-mails, staff links) and the properties' invite links."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from hausportal.kit.db import UtcDateTime, uuid_primary_key
from hausportal.portal.models import Base
from hausportal.portal.models.columns import account_key, utcnow


class Invitation(Base):
    """One invitation to register: a contact's one-time code, an e-mail to register as a
    resident of a property (through the property's link), or a new staff member's link."""

    __tablename__ = "invitation"
    __table_args__ = (
        CheckConstraint("kind IN ('contact', 'property', 'staff')", name="kind"),
        CheckConstraint(
            "staff_role IS NULL OR staff_role IN ('admin', 'staff')", name="staff_role"
        ),
        Index("ix_invitation_contact_id", "contact_id"),
        Index("ix_invitation_property_id", "property_id"),
    )

    id: Mapped[uuid.UUID] = uuid_primary_key()
    account_id: Mapped[uuid.UUID] = account_key()
    kind: Mapped[str] = mapped_column(String(16))
    # SHA-256 (hex) of the contact's code or the staff link's token; the secret itself is only
    # ever in the answer to staff and in the e-mail. None for property e-mails (the link is
    # the property's).
    secret_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    email: Mapped[str | None] = mapped_column(String(320))
    # Whom the e-mail greets; for staff invitations also the new member's name.
    name: Mapped[str | None] = mapped_column(String(200))
    contact_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("portal.contact.id"))
    property_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("portal.property.id"))
    staff_role: Mapped[str | None] = mapped_column(String(16))
    # The manager's own words in a property invitation.
    text: Mapped[str | None] = mapped_column(Text)
    expires_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    # Set when a newer invitation of the same contact (or staff e-mail) replaced this one.
    revoked_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    created_by: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("portal.staff.id"))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class PropertyInviteLink(Base):
    """A property's invite link; rotating it revokes the old one and makes a new row."""

    __tablename__ = "property_invite_link"
    __table_args__ = (Index("ix_property_invite_link_property_id", "property_id"),)

    id: Mapped[uuid.UUID] = uuid_primary_key()
    account_id: Mapped[uuid.UUID] = account_key()
    property_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("portal.property.id"))
    # Kept in plain text, unlike codes: the link hangs in the hallway and staff fetch it
    # again for every notice; it only lets someone register as a resident.
    token: Mapped[str] = mapped_column(String(64), unique=True)
    created_by: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("portal.staff.id"))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
