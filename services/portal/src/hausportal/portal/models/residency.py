"""Residents (Bewohner): contacts registered for a property through its invite link."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import ForeignKey, Index, UniqueConstraint, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from hausportal.kit.db import UtcDateTime, uuid_primary_key
from hausportal.portal.models import Base
from hausportal.portal.models.columns import account_key, utcnow


class Residency(Base):
    __tablename__ = "residency"
    __table_args__ = (
        UniqueConstraint("contact_id", "property_id", name="uq_residency_contact_property"),
        Index("ix_residency_property_id", "property_id"),
    )

    id: Mapped[uuid.UUID] = uuid_primary_key()
    account_id: Mapped[uuid.UUID] = account_key()
    contact_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("portal.contact.id"))
    property_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("portal.property.id"))
    # When the resident registered through the property's link.
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
