"""Serial letters, their uploaded files, split jobs and the letters a split produced."""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    Uuid,
)
from sqlalchemy.orm import Mapped, mapped_column

from hausportal.kit.db import UtcDateTime, uuid_primary_key
from hausportal.smartpost.models.base import Base


class SerialLetterStatus(StrEnum):
    draft = "draft"  # files may change; not split yet, or changed since the last split
    split = "split"  # letters are there for review
    published = "published"  # its letters are in the portal
    deleted = "deleted"  # withdrawn from the portal; files purged after the retention


class SerialLetter(Base):
    __tablename__ = "serial_letter"
    __table_args__ = (Index("ix_serial_letter_account", "account_id", "created_at"),)

    id: Mapped[uuid.UUID] = uuid_primary_key()
    account_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    title: Mapped[str] = mapped_column(String(255))
    document_type: Mapped[str] = mapped_column(String(100))
    # owners, tenants, all (engine.RecipientCircle)
    circle: Mapped[str] = mapped_column(String(20))
    # None: cross-property, every contact of the account is a candidate.
    property_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    status: Mapped[str] = mapped_column(String(20), default=SerialLetterStatus.draft.value)
    # The options of the last split request (engine.SplitOptions without the scope fields).
    split_options: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    # Contacts of the recipient circle without a letter (property mode), from the last split.
    missing_contacts: Mapped[list[dict[str, Any]] | None] = mapped_column(JSON)
    page_count: Mapped[int | None] = mapped_column(Integer)
    # The latest split request (its job reports the progress).
    split_job_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    # Where the combined print file of the last split is.
    print_file_key: Mapped[str | None] = mapped_column(String(255))
    notify_now: Mapped[bool] = mapped_column(Boolean, default=False)
    created_by: Mapped[uuid.UUID] = mapped_column(Uuid)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)
    published_by: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    published_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    deleted_by: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    deleted_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    purged_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class SourceFile(Base):
    """An uploaded PDF: the first by position is the letters file, the others are general
    attachments appended to every letter in this order."""

    __tablename__ = "source_file"
    __table_args__ = (Index("ix_source_file_serial_letter", "serial_letter_id", "position"),)

    id: Mapped[uuid.UUID] = uuid_primary_key()
    account_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    serial_letter_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("smartpost.serial_letter.id")
    )
    position: Mapped[int] = mapped_column(Integer)
    file_name: Mapped[str] = mapped_column(String(255))
    object_key: Mapped[str] = mapped_column(String(255))
    size: Mapped[int] = mapped_column(BigInteger)
    sha256: Mapped[str] = mapped_column(String(64))
    page_count: Mapped[int] = mapped_column(Integer)
    uploaded_by: Mapped[uuid.UUID] = mapped_column(Uuid)
    uploaded_at: Mapped[datetime] = mapped_column(UtcDateTime)


class JobState(StrEnum):
    queued = "queued"
    running = "running"  # claimed by a worker until lease_until
    done = "done"
    failed = "failed"
    cancelled = "cancelled"  # superseded by a newer split request or a change of the files


class SplitJob(Base):
    """One split request, run in the background; its progress is in the database so any
    replica (and a restarted one) can report and resume it."""

    __tablename__ = "split_job"
    __table_args__ = (Index("ix_split_job_state", "state", "created_at"),)

    id: Mapped[uuid.UUID] = uuid_primary_key()
    account_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    serial_letter_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("smartpost.serial_letter.id")
    )
    state: Mapped[str] = mapped_column(String(20), default=JobState.queued.value)
    stage: Mapped[str | None] = mapped_column(String(20))  # download, extract, assemble, store
    pages_done: Mapped[int] = mapped_column(Integer, default=0)
    pages_total: Mapped[int] = mapped_column(Integer, default=0)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    lease_until: Mapped[datetime | None] = mapped_column(UtcDateTime)
    error: Mapped[str | None] = mapped_column(Text)
    requested_by: Mapped[uuid.UUID] = mapped_column(Uuid)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    started_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class Decision(StrEnum):
    assigned = "assigned"  # staff chose contact and unit
    skipped = "skipped"  # staff left the letter out


class LetterState(StrEnum):
    draft = "draft"
    published = "published"
    withdrawn = "withdrawn"


class Letter(Base):
    """One letter of the last split: what the engine found, and what staff decided."""

    __tablename__ = "letter"
    __table_args__ = (
        UniqueConstraint("serial_letter_id", "position", name="uq_letter_position"),
        Index("ix_letter_contact", "account_id", "contact_id"),
    )

    id: Mapped[uuid.UUID] = uuid_primary_key()
    account_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    serial_letter_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("smartpost.serial_letter.id")
    )
    # The engine's letter index: the letter's place in the source file.
    position: Mapped[int] = mapped_column(Integer)
    # 0-based pages of the letters file.
    pages: Mapped[list[int]] = mapped_column(JSON)
    # Its own pages plus the attachments' pages: the pages of the published PDF.
    total_pages: Mapped[int] = mapped_column(Integer)
    method: Mapped[str | None] = mapped_column(String(30))
    identified_by: Mapped[str | None] = mapped_column(String(30))
    confidence: Mapped[float] = mapped_column(Float)
    reason: Mapped[str] = mapped_column(Text)
    window_text: Mapped[str] = mapped_column(Text)
    # What the engine found; kept when staff decide otherwise (the review shows both).
    found_contact_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    found_property_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    found_unit_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    unit_options: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    problems: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    fingerprint: Mapped[str] = mapped_column(String(64))
    # The recipient in effect: staff's decision, else what the engine found.
    contact_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    property_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    unit_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    decision: Mapped[str | None] = mapped_column(String(20))
    decided_by: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    decided_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    object_key: Mapped[str] = mapped_column(String(255))
    size: Mapped[int] = mapped_column(BigInteger)
    sha256: Mapped[str] = mapped_column(String(64))
    state: Mapped[str] = mapped_column(String(20), default=LetterState.draft.value)
    published_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    withdrawn_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    withdrawn_by: Mapped[uuid.UUID | None] = mapped_column(Uuid)

    @property
    def ready(self) -> bool:
        """May be published: staff assigned it, or the engine found it without a problem."""
        if self.decision == Decision.assigned:
            return True
        if self.decision == Decision.skipped:
            return False
        return not self.problems and self.contact_id is not None and self.unit_id is not None

    @property
    def open(self) -> bool:
        """Waits for a decision by staff before the serial letter can be published."""
        return self.decision is None and not self.ready
