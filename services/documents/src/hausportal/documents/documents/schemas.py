"""The staff documents API."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import BaseModel, Field, StringConstraints

from hausportal.contracts.directory import ContractRole
from hausportal.contracts.documents import Group
from hausportal.documents.models import Document, DocumentStatus

Title = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=255)]


class AudienceKind(StrEnum):
    """What ``GET /documents?audience=`` filters by."""

    owners = "owners"
    tenants = "tenants"
    residents = "residents"
    internal = "internal"
    contact = "contact"


class AudienceIn(BaseModel):
    """Exactly one of: ``groups`` (non-empty), ``internal: true``, ``contact_id``."""

    groups: list[Group] = Field(default_factory=list)
    internal: bool = False
    contact_id: uuid.UUID | None = None


class AudienceOut(BaseModel):
    groups: list[Group]
    internal: bool
    contact_id: uuid.UUID | None


class DocumentOut(BaseModel):
    id: uuid.UUID
    property_id: uuid.UUID
    unit_id: uuid.UUID | None
    title: str
    document_type: str
    # None while a staged document has no audience yet.
    audience: AudienceOut | None
    file_name: str
    content_type: str
    size: int
    sha256: str
    status: DocumentStatus
    notify_now: bool
    created_by: uuid.UUID
    created_at: datetime
    published_at: datetime | None
    deleted_at: datetime | None
    # Where it came from: the SmartPost serial letter it is a letter of; None for an upload.
    serial_letter_id: uuid.UUID | None

    @classmethod
    def of(cls, document: Document) -> DocumentOut:
        audience = document.audience
        return cls(
            id=document.id,
            property_id=document.property_id,
            unit_id=document.unit_id,
            title=document.title,
            document_type=document.document_type,
            audience=None
            if audience is None
            else AudienceOut(
                groups=sorted(audience.groups),
                internal=audience.internal,
                contact_id=audience.contact_id,
            ),
            file_name=document.file_name,
            content_type=document.content_type,
            size=document.size,
            sha256=document.sha256,
            status=DocumentStatus(document.status),
            notify_now=document.notify_now,
            created_by=document.created_by,
            created_at=document.created_at,
            published_at=document.published_at,
            deleted_at=document.deleted_at,
            serial_letter_id=document.serial_letter_id,
        )


class DocumentChange(BaseModel):
    """``PATCH /documents/{id}`` of a staged document; fields left out stay as they are.

    ``unit_id: null`` makes it a document of the whole property; ``audience: null`` clears it.
    """

    title: Title | None = None
    document_type: str | None = None
    audience: AudienceIn | None = None
    unit_id: uuid.UUID | None = None


class PublishRequest(BaseModel):
    document_ids: list[uuid.UUID] = Field(min_length=1, max_length=500)
    notify_now: bool = False


class DownloadOut(BaseModel):
    contact_id: uuid.UUID
    # From the read model; None if the contact is no longer known there.
    contact_name: str | None
    downloaded_at: datetime


class AudienceContactOut(BaseModel):
    """One contact who can see the document on the day asked, and why."""

    contact_id: uuid.UUID
    name: str
    # Has a portal login; an unregistered contact can see it once it registers.
    registered: bool
    # contract: an active contract of a shared role on the document's property/unit;
    # resident: a registered resident of the property (residents shared);
    # individual: shared with this contact, who may log in on that day.
    reason: Literal["contract", "resident", "individual"]
    # The contract that grants it (contract) or keeps the portal open (individual; it may be
    # outside its term but within the account's pre-/post-contract access window).
    contract_id: uuid.UUID | None
    role: ContractRole | None
    unit_id: uuid.UUID | None
    contract_start: date | None
    contract_end: date | None


class DocumentAudienceOut(BaseModel):
    """``GET /documents/{id}/audience``: who can see the document on ``on``.

    - published: the contacts who see it on that day;
    - staged: who would see it if it were published (from its chosen audience);
    - deleted: nobody (``contacts`` empty, ``status`` says why);
    - internal: nobody but staff (``contacts`` empty, ``internal`` true).
    """

    document_id: uuid.UUID
    on: date
    status: DocumentStatus
    internal: bool
    contacts: list[AudienceContactOut]
