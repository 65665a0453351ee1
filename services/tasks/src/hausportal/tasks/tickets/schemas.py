"""The API of tickets: what staff and residents send and read."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, StringConstraints

from hausportal.contracts.tasks import TaskStatus

STATUS_LABELS = {
    TaskStatus.open: "Offen",
    TaskStatus.in_progress: "In Bearbeitung",
    TaskStatus.waiting: "Wartet",
    TaskStatus.done: "Erledigt",
}

CommentText = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=10000)
]


class CommentIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    text: CommentText
    # Staff only: an internal comment is never shown, sent or printed for a contact.
    internal: bool = False


class StatusIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    status: TaskStatus


class AssigneeIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    # None: nobody is responsible any more.
    staff_id: uuid.UUID | None


class LinkIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    contact_id: uuid.UUID


class PersonOut(BaseModel):
    kind: Literal["staff", "contact"]
    id: uuid.UUID
    name: str


class PlaceOut(BaseModel):
    id: uuid.UUID
    name: str


class FieldValueOut(BaseModel):
    key: str
    label: str
    kind: str
    value: Any
    # As a German reader expects it (24.12.2026, 12,5).
    shown: str


class AttachmentOut(BaseModel):
    id: uuid.UUID
    file_name: str
    content_type: str
    size: int
    created_at: datetime


class ChangeOut(BaseModel):
    """One entry of the history: created, commented, status changed, assigned, a file added,
    a contact linked or unlinked."""

    id: int
    kind: str
    at: datetime
    actor: PersonOut | None
    internal: bool
    # In words: "Status: Offen → In Bearbeitung".
    summary: str
    old_value: str | None = None
    new_value: str | None = None
    comment_id: uuid.UUID | None = None
    text: str | None = None


class TicketOut(BaseModel):
    id: uuid.UUID
    number: str
    title: str
    ticket_type_id: uuid.UUID
    ticket_type: str
    property: PlaceOut
    unit: PlaceOut | None
    status: TaskStatus
    status_label: str
    reporter: PersonOut | None
    # The staff member responsible, shown to the reporter by name.
    assignee: PersonOut | None
    created_at: datetime
    updated_at: datetime


class TicketDetailOut(TicketOut):
    description: str
    field_values: list[FieldValueOut]
    # Staff only (empty for a contact).
    linked_contacts: list[PersonOut]
    attachments: list[AttachmentOut]
    # Oldest first; for a contact without anything internal.
    history: list[ChangeOut]
    # Whether the caller may reopen it now (done, and staff or the reporter).
    can_reopen: bool
