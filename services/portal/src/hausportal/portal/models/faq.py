"""FAQ entries (Fragen & Antworten) and contact persons (Ansprechpartner) of a property."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, Text, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from hausportal.kit.db import UtcDateTime, uuid_primary_key
from hausportal.portal.models import Base
from hausportal.portal.models.columns import account_key, utcnow


class FaqEntry(Base):
    __tablename__ = "faq_entry"

    id: Mapped[uuid.UUID] = uuid_primary_key()
    account_id: Mapped[uuid.UUID] = account_key()
    # Gone with the property.
    property_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("portal.property.id", ondelete="CASCADE"), index=True
    )
    question: Mapped[str] = mapped_column(String(500))
    answer: Mapped[str] = mapped_column(Text)
    # Shown in ascending order.
    position: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class ContactPerson(Base):
    """Who residents of the property turn to: the caretaker, the manager in charge."""

    __tablename__ = "contact_person"

    id: Mapped[uuid.UUID] = uuid_primary_key()
    account_id: Mapped[uuid.UUID] = account_key()
    property_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("portal.property.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(200))
    # What they do: "Hausmeister", "Objektbetreuerin", "Notdienst Heizung".
    role: Mapped[str | None] = mapped_column(String(200))
    phone: Mapped[str | None] = mapped_column(String(50))
    email: Mapped[str | None] = mapped_column(String(320))
    position: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
