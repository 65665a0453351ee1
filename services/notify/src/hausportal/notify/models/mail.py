"""An outgoing e-mail to one recipient, and its delivery state."""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum

from sqlalchemy import CheckConstraint, Index, Integer, String, Text, UniqueConstraint, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from hausportal.kit.db import UtcDateTime, uuid_primary_key
from hausportal.notify.models import Base


class MailStatus(StrEnum):
    pending = "pending"  # to be sent at next_attempt_at
    sending = "sending"  # claimed by a sender until lease_until
    sent = "sent"  # the SMTP server accepted it
    failed = "failed"  # given up after smtp_max_attempts
    cancelled = "cancelled"  # its item was deleted before it went out


class MailKind(StrEnum):
    """What the e-mail is, as staff see it in the mail list."""

    document = "document"  # Neues Dokument
    message = "message"  # Neue Mitteilung
    appointment = "appointment"  # Neuer Termin
    contact_invitation = "contact_invitation"  # a contact's one-time code
    property_invitation = "property_invitation"  # register as a resident of a property
    staff_invitation = "staff_invitation"  # join the account's staff
    password_reset = "password_reset"  # noqa: S105 (a kind, not a password)
    task_created = "task_created"  # Neuer Vorgang (to staff)
    task_commented = "task_commented"  # Neuer Kommentar zu einem Vorgang
    task_status_changed = "task_status_changed"  # Status eines Vorgangs geändert
    task_assigned = "task_assigned"  # Vorgang zugewiesen (to staff)
    document_digest = "document_digest"  # Ihre Tagesübersicht: the day's new documents
    download_link = "download_link"  # Download-Link zu einem Serienbrief (to staff)


def recipient_key(
    *,
    contact_id: uuid.UUID | None = None,
    staff_id: uuid.UUID | None = None,
    address: str | None = None,
) -> str:
    """Who a mail is for, once per event: the contact, the staff member ("staff:<id>"), or
    (no contact yet) the address."""
    if contact_id is not None:
        return str(contact_id)
    if staff_id is not None:
        return f"staff:{staff_id}"
    if address is None:
        raise ValueError("a recipient is a contact or an address")
    return address.strip().lower()


class Mail(Base):
    __tablename__ = "mail"
    __table_args__ = (
        # One e-mail per (event, recipient), however often the event or its job comes.
        UniqueConstraint("source_event_id", "recipient", name="uq_mail_source_event_recipient"),
        CheckConstraint(
            "status IN ('pending', 'sending', 'sent', 'failed', 'cancelled')", name="status"
        ),
        Index("ix_mail_due", "status", "next_attempt_at"),
        Index("ix_mail_account_created", "account_id", "created_at"),
        Index("ix_mail_item", "account_id", "item_id"),
    )

    id: Mapped[uuid.UUID] = uuid_primary_key()
    account_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    source_event_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    kind: Mapped[str] = mapped_column(String(30))
    # recipient_key(): the contact's id, "staff:<id>", or the lower-cased address.
    recipient: Mapped[str] = mapped_column(String(320))
    # The contact it went to, when it is one (invitations of a contact name it too).
    contact_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, nullable=True)
    # The document or announcement a deletion cancels it by; the invitation; None otherwise.
    item_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, nullable=True)
    to_address: Mapped[str] = mapped_column(String(320))
    to_name: Mapped[str] = mapped_column(String(255))
    subject: Mapped[str] = mapped_column(String(500))
    text_body: Mapped[str] = mapped_column(Text)
    html_body: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20), default=MailStatus.pending.value)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text, nullable=True)
    next_attempt_at: Mapped[datetime] = mapped_column(UtcDateTime)
    lease_until: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    sent_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
