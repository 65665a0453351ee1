"""Orders of a serial letter's postal dispatch at a print provider, and the audit of who
ordered, cancelled and downloaded what."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, Index, Integer, String, Text, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from hausportal.kit.db import UtcDateTime, uuid_primary_key
from hausportal.smartpost.models.base import Base


class DispatchOrder(Base):
    """One order: the letters chosen for post, the options, and the provider's state of it.
    Its id is the idempotency key at the provider: ordering again is the same order."""

    __tablename__ = "dispatch_order"
    __table_args__ = (Index("ix_dispatch_order_serial_letter", "serial_letter_id", "ordered_at"),)

    id: Mapped[uuid.UUID] = uuid_primary_key()
    account_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    serial_letter_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("smartpost.serial_letter.id")
    )
    provider: Mapped[str] = mapped_column(String(50))
    recipient_filter: Mapped[str] = mapped_column(String(30))
    # {"add": [contact ids], "remove": [contact ids]}
    selection: Mapped[dict[str, Any]] = mapped_column(JSON)
    # colour, duplex, duplex_optimised, registered, merge
    options: Mapped[dict[str, Any]] = mapped_column(JSON)
    # created, accepted, in_production, sent, cancelled, failed (the provider's state machine)
    state: Mapped[str] = mapped_column(String(20))
    provider_reference: Mapped[str | None] = mapped_column(String(100))
    print_file_key: Mapped[str | None] = mapped_column(String(255))
    letters: Mapped[int] = mapped_column(Integer, default=0)
    envelopes: Mapped[int] = mapped_column(Integer, default=0)
    sheets: Mapped[int] = mapped_column(Integer, default=0)
    pages: Mapped[int] = mapped_column(Integer, default=0)
    # Letters the print check left out: [{"letter_id", "code", "message"}]
    excluded: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    # The provider's history: [{"state", "at", "note"}]
    history: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    last_error: Mapped[str | None] = mapped_column(Text)
    ordered_by: Mapped[uuid.UUID] = mapped_column(Uuid)
    ordered_at: Mapped[datetime] = mapped_column(UtcDateTime)
    cancelled_by: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    cancelled_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)


class DispatchAudit(Base):
    """Who did what with a serial letter's paper side, and when."""

    __tablename__ = "dispatch_audit"
    __table_args__ = (Index("ix_dispatch_audit_serial_letter", "serial_letter_id", "at"),)

    id: Mapped[uuid.UUID] = uuid_primary_key()
    account_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    serial_letter_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("smartpost.serial_letter.id")
    )
    order_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    # ordered, cancelled, downloaded, download_link_requested, download_link_sent
    action: Mapped[str] = mapped_column(String(40))
    staff_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    at: Mapped[datetime] = mapped_column(UtcDateTime)
    detail: Mapped[dict[str, Any]] = mapped_column(JSON)


class AccountSettings(Base):
    """An account's SmartPost settings (admins set them): the print provider, registered mail
    as a feature, and whether download links need a manager's approval and whose."""

    __tablename__ = "account_settings"

    account_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    provider: Mapped[str] = mapped_column(String(50))
    registered_mail: Mapped[bool] = mapped_column(Boolean)
    download_approval: Mapped[bool] = mapped_column(Boolean)
    approver_staff_ids: Mapped[list[str]] = mapped_column(JSON)
    download_link_days: Mapped[int] = mapped_column(Integer)
    updated_by: Mapped[uuid.UUID] = mapped_column(Uuid)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)


class DownloadRequest(Base):
    """A staff member asked for the PDF/A file of a serial letter; a background job builds
    it, stores it and has the time-limited link e-mailed (to the approvers, when the
    account's download approval is on)."""

    __tablename__ = "download_request"
    __table_args__ = (Index("ix_download_request_state", "state", "created_at"),)

    id: Mapped[uuid.UUID] = uuid_primary_key()
    account_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    serial_letter_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("smartpost.serial_letter.id")
    )
    requested_by: Mapped[uuid.UUID] = mapped_column(Uuid)
    recipient_filter: Mapped[str] = mapped_column(String(30))
    selection: Mapped[dict[str, Any]] = mapped_column(JSON)
    # queued, running, done, failed (kept as rows: see hausportal.smartpost.jobs)
    state: Mapped[str] = mapped_column(String(20))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    lease_until: Mapped[datetime | None] = mapped_column(UtcDateTime)
    object_key: Mapped[str | None] = mapped_column(String(255))
    size: Mapped[int | None] = mapped_column(Integer)
    expires_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    # Who gets the link: the requester, or the approvers.
    recipients: Mapped[list[str]] = mapped_column(JSON)
    error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    started_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
