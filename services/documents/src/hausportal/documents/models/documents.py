"""Documents, the account's document types and the download audit."""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    ForeignKey,
    Index,
    String,
    UniqueConstraint,
    Uuid,
)
from sqlalchemy.orm import Mapped, mapped_column

from hausportal.contracts.documents import Audience, Group
from hausportal.documents.models.base import Base
from hausportal.kit.db import UtcDateTime, uuid_primary_key


class DocumentStatus(StrEnum):
    staged = "staged"  # uploaded, not yet visible to any contact, no event yet
    published = "published"
    deleted = "deleted"  # hidden; the object is purged after the retention


class ObjectOwner(StrEnum):
    """Which service wrote a document's object, and so which one may remove it."""

    documents = "documents"  # an upload: the purge removes it after the retention
    # A SmartPost letter's PDF, written once by smartpost and served from there: smartpost
    # removes its own objects, the purge never does.
    smartpost = "smartpost"


class Document(Base):
    __tablename__ = "document"
    __table_args__ = (
        CheckConstraint("status IN ('staged', 'published', 'deleted')", name="status"),
        Index("ix_document_account_property", "account_id", "property_id"),
        Index("ix_document_account_contact", "account_id", "contact_id"),
        Index("ix_document_status_deleted_at", "status", "deleted_at"),
        Index("ix_document_account_serial_letter", "account_id", "serial_letter_id"),
    )

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    account_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    property_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    unit_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    title: Mapped[str] = mapped_column(String(255))
    document_type: Mapped[str] = mapped_column(String(100))
    # The audience: comma-separated groups ("owners,tenants"), or internal, or one contact.
    # A staged document may have none yet; a published one has exactly one kind.
    groups: Mapped[str] = mapped_column(String(64), default="")
    internal: Mapped[bool] = mapped_column(Boolean, default=False)
    contact_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    file_name: Mapped[str] = mapped_column(String(255))
    content_type: Mapped[str] = mapped_column(String(255))
    size: Mapped[int] = mapped_column(BigInteger)
    sha256: Mapped[str] = mapped_column(String(64))
    object_key: Mapped[str] = mapped_column(String(255))
    status: Mapped[str] = mapped_column(String(20))
    notify_now: Mapped[bool] = mapped_column(Boolean, default=False)
    created_by: Mapped[uuid.UUID] = mapped_column(Uuid)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    published_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    deleted_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    purged_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    # Set for a SmartPost letter: the serial letter it belongs to (its id is the letter's id).
    serial_letter_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    object_owner: Mapped[str] = mapped_column(
        String(20), default=ObjectOwner.documents, server_default=ObjectOwner.documents.value
    )

    @property
    def owns_object(self) -> bool:
        """Whether removing the object is this service's job (the purge's)."""
        return self.object_owner == ObjectOwner.documents

    @property
    def group_set(self) -> frozenset[Group]:
        return frozenset(Group(name) for name in self.groups.split(",") if name)

    @property
    def audience(self) -> Audience | None:
        """The audience, or None while a staged document has none (or an unfinished one)."""
        try:
            return Audience(
                groups=self.group_set, internal=self.internal, contact_id=self.contact_id
            )
        except ValueError:
            return None

    def set_audience(self, audience: Audience | None) -> None:
        self.groups = join_groups(audience.groups) if audience else ""
        self.internal = audience.internal if audience else False
        self.contact_id = audience.contact_id if audience else None


def join_groups(groups: frozenset[Group]) -> str:
    return ",".join(sorted(group.value for group in groups))


class DocumentType(Base):
    """A kind of document an account files under (Abrechnung, Protokoll, ...)."""

    __tablename__ = "document_type"
    __table_args__ = (UniqueConstraint("account_id", "name", name="uq_document_type_name"),)

    id: Mapped[uuid.UUID] = uuid_primary_key()
    account_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    name: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class Download(Base):
    """One download of a document's content by a contact: who, what, when."""

    __tablename__ = "download"
    __table_args__ = (Index("ix_download_document", "document_id", "downloaded_at"),)

    id: Mapped[uuid.UUID] = uuid_primary_key()
    account_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    document_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("documents.document.id"))
    contact_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    downloaded_at: Mapped[datetime] = mapped_column(UtcDateTime)
