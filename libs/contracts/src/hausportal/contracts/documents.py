"""Events of the documents service, and the audience a document is shared with."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Literal
from uuid import UUID

from pydantic import Field, model_validator

from hausportal.contracts.envelope import Event, Payload


class Group(StrEnum):
    """Groups of a property or unit a document can be shared with."""

    owners = "owners"  # Eigentümer: contacts with an active owner contract
    tenants = "tenants"  # Mieter: contacts with an active tenant contract
    residents = "residents"  # Bewohner: registered residents of the property


class Audience(Payload):
    """Who a document is for: groups of its property/unit, staff only, or one contact.

    Exactly one of: ``groups`` (non-empty), ``internal`` true, ``contact_id`` set.
    """

    groups: frozenset[Group] = frozenset()
    internal: bool = False
    contact_id: UUID | None = None

    @model_validator(mode="after")
    def _exactly_one(self) -> Audience:
        chosen = sum([bool(self.groups), self.internal, self.contact_id is not None])
        if chosen != 1:
            raise ValueError(
                "an audience is either groups, internal only, or a single contact, not "
                f"{'none' if chosen == 0 else 'several'} of these"
            )
        return self


class DocumentPayload(Payload):
    document_id: UUID
    property_id: UUID
    # None: a document of the whole property; set: of this unit of the property.
    unit_id: UUID | None = None
    title: str
    document_type: str
    audience: Audience
    file_name: str
    content_type: str
    size: int = Field(ge=0)
    sha256: str
    published_at: datetime
    # Staff asked for an immediate e-mail (on top of the daily digest).
    notify_now: bool = False
    # The staff member who published it; None when a system (SmartPost) did.
    published_by: UUID | None = None


class DocumentPublished(Event):
    type: Literal["documents.document.published"] = "documents.document.published"
    version: Literal[1] = 1
    payload: DocumentPayload


class DocumentRef(Payload):
    document_id: UUID
    property_id: UUID
    unit_id: UUID | None = None


class DocumentDeleted(Event):
    type: Literal["documents.document.deleted"] = "documents.document.deleted"
    version: Literal[1] = 1
    payload: DocumentRef
