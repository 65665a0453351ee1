"""Login sessions (rotating refresh tokens) and one-time password reset tokens."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import CheckConstraint, Index, String, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from hausportal.kit.db import UtcDateTime, uuid_primary_key
from hausportal.portal.models import Base
from hausportal.portal.models.columns import account_key, utcnow


class RefreshSession(Base):
    """One refresh token. Refreshing rotates it: the row is marked and a new row of the same
    family (one login) follows; presenting a rotated token again revokes the whole family."""

    __tablename__ = "refresh_session"
    __table_args__ = (
        CheckConstraint("subject_kind IN ('staff', 'contact')", name="subject_kind"),
        Index("ix_refresh_session_family_id", "family_id"),
        Index("ix_refresh_session_subject_id", "subject_id"),
    )

    id: Mapped[uuid.UUID] = uuid_primary_key()
    account_id: Mapped[uuid.UUID] = account_key()
    family_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    # The staff member's or the contact's id; no foreign key because it names either table.
    subject_kind: Mapped[str] = mapped_column(String(16))
    subject_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    # SHA-256 (hex) of the refresh token.
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime)
    rotated_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class PasswordResetToken(Base):
    __tablename__ = "password_reset_token"
    __table_args__ = (
        CheckConstraint("subject_kind IN ('staff', 'contact')", name="subject_kind"),
        Index("ix_password_reset_token_subject_id", "subject_id"),
    )

    id: Mapped[uuid.UUID] = uuid_primary_key()
    account_id: Mapped[uuid.UUID] = account_key()
    subject_kind: Mapped[str] = mapped_column(String(16))
    subject_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    # SHA-256 (hex) of the token in the e-mailed link.
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
