"""API shapes of the residents' start page."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Literal

from pydantic import BaseModel


class HomeAttachment(BaseModel):
    id: uuid.UUID
    file_name: str
    content_type: str
    size: int


class HomeAnnouncement(BaseModel):
    id: uuid.UUID
    kind: Literal["message", "appointment"]
    title: str
    text: str
    published_at: datetime
    updated_at: datetime | None
    # Appointments only.
    starts_at: datetime | None
    ends_at: datetime | None
    place: str | None
    attachments: list[HomeAttachment]


class HomeFaqEntry(BaseModel):
    id: uuid.UUID
    property_id: uuid.UUID
    property_name: str
    question: str
    answer: str


class HomeContactPerson(BaseModel):
    id: uuid.UUID
    property_id: uuid.UUID
    property_name: str
    name: str
    role: str | None
    phone: str | None
    email: str | None


class HomeOut(BaseModel):
    # Newest first.
    messages: list[HomeAnnouncement]
    # Those not over yet, soonest first; then the past ones, latest first.
    appointments: list[HomeAnnouncement]
    faq: list[HomeFaqEntry]
    contact_persons: list[HomeContactPerson]
