"""Every published document, kept until a daily digest has listed it.

Which digest lists a document is decided by when notify received it (its clock), not by when
it was published: a document that arrives late still lands in exactly one digest.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Index, String, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from hausportal.kit.db import UtcDateTime
from hausportal.notify.models import Base


class PublishedDocument(Base):
    __tablename__ = "published_document"
    __table_args__ = (
        Index("ix_published_document_undigested", "account_id", "digest_job_id", "received_at"),
    )

    document_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    account_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    # What decides who sees it (kit.visibility), and what the digest says about it.
    property_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    unit_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, nullable=True)
    audience: Mapped[dict[str, Any]] = mapped_column(JSON)
    title: Mapped[str] = mapped_column(String(500))
    document_type: Mapped[str] = mapped_column(String(200))
    received_at: Mapped[datetime] = mapped_column(UtcDateTime)
    # Deleted before its digest went out: listed nowhere.
    deleted_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    # The digest job that lists it; None: waiting for the next digest.
    digest_job_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, nullable=True)
