"""Contracts: a contact is owner or tenant of a unit from a start day to an (inclusive) end."""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, String, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from hausportal.kit.db import uuid_primary_key
from hausportal.portal.models import Base
from hausportal.portal.models.columns import account_key


class Contract(Base):
    __tablename__ = "contract"
    __table_args__ = (
        CheckConstraint("role IN ('owner', 'tenant')", name="role"),
        CheckConstraint("end_date IS NULL OR end_date >= start_date", name="ends_after_start"),
        Index("ix_contract_contact_id", "contact_id"),
        Index("ix_contract_unit_id", "unit_id"),
        Index("ix_contract_property_id", "property_id"),
    )

    id: Mapped[uuid.UUID] = uuid_primary_key()
    account_id: Mapped[uuid.UUID] = account_key()
    contact_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("portal.contact.id"))
    unit_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("portal.unit.id"))
    # The unit's property, kept here so property queries need no join.
    property_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("portal.property.id"))
    role: Mapped[str] = mapped_column(String(16))
    start: Mapped[date] = mapped_column("start_date", Date)
    end: Mapped[date | None] = mapped_column("end_date", Date)
