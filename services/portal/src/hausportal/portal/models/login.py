"""Portal logins of contacts (registered through an invitation or a property's link)."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from hausportal.kit.db import UtcDateTime, uuid_primary_key
from hausportal.portal.models import Base
from hausportal.portal.models.columns import account_key, utcnow


class PortalLogin(Base):
    __tablename__ = "portal_login"
    __table_args__ = (
        UniqueConstraint("account_id", "email", name="uq_portal_login_account_email"),
    )

    id: Mapped[uuid.UUID] = uuid_primary_key()
    account_id: Mapped[uuid.UUID] = account_key()
    contact_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("portal.contact.id"), unique=True
    )
    # Stored lower-case, like staff e-mails.
    email: Mapped[str] = mapped_column(String(320), index=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    display_name: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
