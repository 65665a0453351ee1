"""A notification waiting for its recipients to be chosen (one per notifying event)."""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, CheckConstraint, Index, String, UniqueConstraint, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from hausportal.kit.db import UtcDateTime, uuid_primary_key
from hausportal.notify.models import Base


class JobStatus(StrEnum):
    pending = "pending"  # waiting for due_at
    done = "done"  # its mails are queued
    cancelled = "cancelled"  # the document was deleted first: nothing is sent


class NotificationJob(Base):
    __tablename__ = "notification_job"
    __table_args__ = (
        UniqueConstraint("source_event_id", name="uq_notification_job_source_event_id"),
        CheckConstraint("status IN ('pending', 'done', 'cancelled')", name="status"),
        Index("ix_notification_job_due", "status", "due_at"),
        Index("ix_notification_job_document", "account_id", "document_id"),
    )

    id: Mapped[uuid.UUID] = uuid_primary_key()
    account_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    # The event that asked for it (DocumentPublished); one job per event.
    source_event_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    document_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    property_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    unit_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, nullable=True)
    title: Mapped[str] = mapped_column(String(500))
    # hausportal.contracts.documents.Audience as JSON.
    audience: Mapped[dict[str, Any]] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(20), default=JobStatus.pending.value)
    due_at: Mapped[datetime] = mapped_column(UtcDateTime)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
