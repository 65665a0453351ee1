"""Tickets (Vorgänge), their types with custom fields, linked contacts, comments, files and
the history of every change."""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    CheckConstraint,
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
from hausportal.tasks.models.base import Base

# SQLite only auto-increments an INTEGER PRIMARY KEY; PostgreSQL gets a bigint.
_SEQUENCE = BigInteger().with_variant(Integer(), "sqlite")


class TicketType(Base):
    """A kind of ticket an account offers ("Schaden melden"), with its custom fields."""

    __tablename__ = "ticket_type"
    __table_args__ = (UniqueConstraint("account_id", "name", name="uq_ticket_type_name"),)

    id: Mapped[uuid.UUID] = uuid_primary_key()
    account_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    name: Mapped[str] = mapped_column(String(100))
    description: Mapped[str] = mapped_column(String(500), default="")
    # [{"key", "label", "kind", "required", "choices"}] as ticket_types.schemas.FieldDefinition
    fields: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    # An inactive type is no longer offered; its tickets keep it.
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class TicketCounter(Base):
    """The last number given to a ticket of an account in a year ("2026-0042")."""

    __tablename__ = "ticket_counter"

    account_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    last: Mapped[int] = mapped_column(Integer)


class Ticket(Base):
    __tablename__ = "ticket"
    __table_args__ = (
        UniqueConstraint("account_id", "number", name="uq_ticket_number"),
        CheckConstraint("status IN ('open', 'in_progress', 'waiting', 'done')", name="status"),
        Index("ix_ticket_account_created", "account_id", "created_at"),
        Index("ix_ticket_account_reporter", "account_id", "reporter_contact_id"),
    )

    id: Mapped[uuid.UUID] = uuid_primary_key()
    account_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    number: Mapped[str] = mapped_column(String(20))
    property_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    unit_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    ticket_type_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("tasks.ticket_type.id"))
    # The type's name when the ticket was made (a renamed type keeps old tickets readable).
    ticket_type: Mapped[str] = mapped_column(String(100))
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text)
    # [{"key", "label", "kind", "value"}] in the type's order, as validated on creation.
    field_values: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    reporter_contact_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    # Who made it: the reporter itself, or a staff member on its behalf.
    created_by_staff_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    status: Mapped[str] = mapped_column(String(20))
    assignee_staff_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)


class TicketContact(Base):
    """A further contact linked to a ticket (the owner of the flat, say): it sees the ticket
    while it may log in, whatever its contracts."""

    __tablename__ = "ticket_contact"
    __table_args__ = (Index("ix_ticket_contact_account_contact", "account_id", "contact_id"),)

    ticket_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("tasks.ticket.id"), primary_key=True
    )
    contact_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    account_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    linked_by_staff_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    linked_at: Mapped[datetime] = mapped_column(UtcDateTime)


class TicketComment(Base):
    __tablename__ = "ticket_comment"
    __table_args__ = (Index("ix_ticket_comment_ticket", "ticket_id"),)

    id: Mapped[uuid.UUID] = uuid_primary_key()
    ticket_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("tasks.ticket.id"))
    account_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    text: Mapped[str] = mapped_column(Text)
    # Staff only: never shown to, sent to or printed for a contact.
    internal: Mapped[bool] = mapped_column(Boolean)
    author_staff_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    author_contact_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class TicketAttachment(Base):
    """A photo or file of a ticket, in object storage."""

    __tablename__ = "ticket_attachment"
    __table_args__ = (Index("ix_ticket_attachment_ticket", "ticket_id"),)

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    ticket_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("tasks.ticket.id"))
    account_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    file_name: Mapped[str] = mapped_column(String(255))
    content_type: Mapped[str] = mapped_column(String(255))
    size: Mapped[int] = mapped_column(BigInteger)
    sha256: Mapped[str] = mapped_column(String(64))
    object_key: Mapped[str] = mapped_column(String(255))
    uploaded_by_staff_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    uploaded_by_contact_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class ChangeKind(StrEnum):
    created = "created"
    commented = "commented"
    status_changed = "status_changed"
    assigned = "assigned"
    attachment_added = "attachment_added"
    contact_linked = "contact_linked"
    contact_unlinked = "contact_unlinked"


class TicketChange(Base):
    """One entry of a ticket's history: what changed, from what to what, who, when. The
    numbered id keeps the order of changes made in the same instant."""

    __tablename__ = "ticket_change"
    __table_args__ = (Index("ix_ticket_change_ticket", "ticket_id", "id"),)

    id: Mapped[int] = mapped_column(_SEQUENCE, primary_key=True, autoincrement=True)
    ticket_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("tasks.ticket.id"))
    account_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    kind: Mapped[str] = mapped_column(String(30))
    # Staff only (an internal comment, a linked contact): never shown to a contact.
    internal: Mapped[bool] = mapped_column(Boolean, default=False)
    old_value: Mapped[str | None] = mapped_column(String(255))
    new_value: Mapped[str | None] = mapped_column(String(255))
    comment_id: Mapped[uuid.UUID | None] = mapped_column(
        Uuid, ForeignKey("tasks.ticket_comment.id")
    )
    actor_staff_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    actor_contact_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    at: Mapped[datetime] = mapped_column(UtcDateTime)
