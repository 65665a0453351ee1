"""How a contact wants to hear of new documents: at once, in the daily digest, or not at all."""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum

from sqlalchemy import CheckConstraint, Index, String, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from hausportal.kit.db import UtcDateTime
from hausportal.notify.models import Base


class DocumentMode(StrEnum):
    immediate = "immediate"  # an e-mail for each document that becomes visible to it
    digest = "digest"  # one e-mail a day listing them (the default)
    none = "none"  # no e-mail about documents, not even "notify now"


DEFAULT_DOCUMENT_MODE = DocumentMode.digest


class DocumentPreference(Base):
    """A contact's choice; a contact without a row has the default (digest)."""

    __tablename__ = "document_preference"
    __table_args__ = (
        CheckConstraint("mode IN ('immediate', 'digest', 'none')", name="mode"),
        Index("ix_document_preference_account", "account_id"),
    )

    contact_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    account_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    mode: Mapped[str] = mapped_column(String(20))
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)
    # Who set it: the contact itself (None) or a staff member on its behalf.
    updated_by_staff_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, nullable=True)
