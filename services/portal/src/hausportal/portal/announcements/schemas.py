"""API shapes of messages and appointments."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from hausportal.portal.schemas import Patch

Kind = Literal["message", "appointment"]


class Targets(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    # To these properties (everyone of them who may see it: owners, tenants, residents) ...
    property_ids: list[uuid.UUID] = Field(default_factory=list, max_length=5000)
    # ... or to every property of the account (the ones existing at publish) ...
    all_properties: bool = False
    # ... and/or to these contacts by name (while they may log in).
    contact_ids: list[uuid.UUID] = Field(default_factory=list, max_length=5000)


class MessageIn(Targets):
    title: str = Field(min_length=1, max_length=200)
    text: str = Field(min_length=1, max_length=50_000)
    # "Empfänger benachrichtigen": an e-mail to everyone who can see it; messages: on.
    notify: bool = True


class AppointmentIn(MessageIn):
    starts_at: AwareDatetime
    ends_at: AwareDatetime | None = None
    place: str | None = Field(default=None, max_length=200)
    # Appointments are listed on the start page; an e-mail only when asked for.
    notify: bool = False


class AnnouncementPatch(Patch):
    """Changes to what was published; an edit never notifies anybody again."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    never_null = frozenset({"title", "text", "starts_at", "property_ids", "contact_ids"})

    title: str | None = Field(default=None, min_length=1, max_length=200)
    text: str | None = Field(default=None, min_length=1, max_length=50_000)
    starts_at: AwareDatetime | None = None
    ends_at: AwareDatetime | None = None
    place: str | None = Field(default=None, max_length=200)
    property_ids: list[uuid.UUID] | None = Field(default=None, max_length=5000)
    contact_ids: list[uuid.UUID] | None = Field(default=None, max_length=5000)


class AttachmentOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    file_name: str
    content_type: str
    size: int
    sha256: str


class AnnouncementOut(BaseModel):
    id: uuid.UUID
    kind: Kind
    title: str
    text: str
    property_ids: list[uuid.UUID]
    all_properties: bool
    contact_ids: list[uuid.UUID]
    starts_at: datetime | None
    ends_at: datetime | None
    place: str | None
    notify: bool
    published_at: datetime
    published_by: uuid.UUID | None
    updated_at: datetime | None
    attachments: list[AttachmentOut]


class AudienceEntry(BaseModel):
    contact_id: uuid.UUID
    name: str
    # Why: an active contract on a target property, a registered resident of one, or named.
    reason: Literal["contract", "resident", "individual"]
    # The contract that grants it (or, named contacts, keeps their portal access open).
    contract_id: uuid.UUID | None
    # Has a portal login (and so can actually look, and gets the e-mail).
    registered: bool


class AudienceOut(BaseModel):
    announcement_id: uuid.UUID
    on: date
    contacts: list[AudienceEntry]
