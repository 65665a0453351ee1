"""The contact's documents API: what a resident may know about a document."""

from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import BaseModel

from hausportal.documents.models import Document


class MyDocumentOut(BaseModel):
    id: uuid.UUID
    property_id: uuid.UUID
    unit_id: uuid.UUID | None
    title: str
    document_type: str
    file_name: str
    content_type: str
    size: int
    published_at: datetime
    # Shared with this contact alone (not with a group).
    personal: bool

    @classmethod
    def of(cls, document: Document) -> MyDocumentOut:
        assert document.published_at is not None  # only published documents reach contacts
        return cls(
            id=document.id,
            property_id=document.property_id,
            unit_id=document.unit_id,
            title=document.title,
            document_type=document.document_type,
            file_name=document.file_name,
            content_type=document.content_type,
            size=document.size,
            published_at=document.published_at,
            personal=document.contact_id is not None,
        )
