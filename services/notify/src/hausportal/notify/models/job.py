"""A notification waiting for its mails to be composed (one per notifying event).

Every e-mail goes the same way: an event handler records a job, the notification worker asks
the job kind's composer for the mails once the job is due, the sender delivers them.
"""

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
    cancelled = "cancelled"  # its item was deleted first: nothing is sent
    failed = "failed"  # composing raised; logged, and no longer in the way of other jobs


class JobKind(StrEnum):
    """What the job announces; each kind has one composer (notifications/composers.py)."""

    document = "document"  # documents.document.published with notify_now
    message = "message"  # portal.message.published with notify
    appointment = "appointment"  # portal.appointment.published with notify
    invitation = "invitation"  # portal.invitation.created
    # portal.password_reset.requested
    password_reset = "password_reset"  # noqa: S105 (a kind, not a password)
    task_created = "task_created"  # tasks.task.created: the responsible staff
    task_commented = "task_commented"  # tasks.task.commented (public): reporter, linked
    task_status_changed = "task_status_changed"  # tasks.task.status_changed: reporter, linked
    task_assigned = "task_assigned"  # tasks.task.assigned: the new assignee
    download_link = "download_link"  # smartpost.download_link.ready: the staff it names
    # An account's daily digest of one Berlin day (notifications/digest.py), not an event.
    digest = "digest"


class NotificationJob(Base):
    __tablename__ = "notification_job"
    __table_args__ = (
        UniqueConstraint("source_event_id", name="uq_notification_job_source_event_id"),
        CheckConstraint("status IN ('pending', 'done', 'cancelled', 'failed')", name="status"),
        Index("ix_notification_job_due", "status", "due_at"),
        Index("ix_notification_job_item", "account_id", "item_id"),
    )

    id: Mapped[uuid.UUID] = uuid_primary_key()
    account_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    # The event that asked for it; one job per event (a digest: digest_key(account, day)).
    source_event_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    kind: Mapped[str] = mapped_column(String(30))
    # What a deletion cancels it by: the document, the announcement, the invitation; None for
    # a password reset.
    item_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, nullable=True)
    # What its composer needs, as the kind's composer wrote it (the event's payload, mostly).
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(20), default=JobStatus.pending.value)
    due_at: Mapped[datetime] = mapped_column(UtcDateTime)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
