"""Request and response bodies of the serial letter endpoints."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field, model_validator

from hausportal.contracts.directory import Preference
from hausportal.smartpost.engine import RecipientCircle, SplitMode


class SerialLetterCreate(BaseModel):
    title: str = Field(min_length=1, max_length=255)
    document_type: str = Field(default="Serienbrief", min_length=1, max_length=100)
    circle: RecipientCircle = RecipientCircle.all
    # None: cross-property (every contact of the account is a candidate).
    property_id: uuid.UUID | None = None


class SerialLetterChange(BaseModel):
    title: str | None = Field(default=None, min_length=1, max_length=255)
    document_type: str | None = Field(default=None, min_length=1, max_length=100)
    circle: RecipientCircle | None = None
    property_id: uuid.UUID | None = None


class FileOrder(BaseModel):
    file_ids: list[uuid.UUID] = Field(min_length=1)


class SplitIn(BaseModel):
    mode: SplitMode = SplitMode.address_window
    pages_per_letter: int | None = Field(default=None, ge=1, le=1000)
    separator_text: str | None = Field(default=None, max_length=200)
    separator_position: Literal["first", "last"] = "first"
    # Letters naming an archived contact are assigned to it (otherwise they are reported).
    include_archived: bool = False


class LetterDecisionIn(BaseModel):
    action: Literal["assign", "skip", "reset"]
    contact_id: uuid.UUID | None = None
    unit_id: uuid.UUID | None = None

    @model_validator(mode="after")
    def _contact_for_assign(self) -> LetterDecisionIn:
        if self.action != "assign" and (self.contact_id or self.unit_id):
            raise ValueError("contact_id and unit_id only go with action 'assign'")
        return self


class PublishIn(BaseModel):
    # E-mail the contacts now, on top of the daily digest.
    notify_now: bool = False


class WithdrawIn(BaseModel):
    letter_ids: list[uuid.UUID] = Field(default_factory=list)
    unit_id: uuid.UUID | None = None


class Named(BaseModel):
    id: uuid.UUID
    name: str


class FileOut(BaseModel):
    id: uuid.UUID
    position: int
    # The first file holds the letters; the others are appended to every letter.
    role: Literal["letters", "attachment"]
    file_name: str
    size: int
    page_count: int
    uploaded_at: datetime


class JobOut(BaseModel):
    id: uuid.UUID
    state: str
    # download, extract, assemble, store
    stage: str | None
    # Pages read (extract), letters written (assemble, store) of the total.
    done: int
    total: int
    attempts: int
    error: str | None
    created_at: datetime
    finished_at: datetime | None


class Summary(BaseModel):
    letters: int = 0
    ready: int = 0
    needs_decision: int = 0
    skipped: int = 0
    published: int = 0
    withdrawn: int = 0
    pages: int = 0


class MissingContactOut(BaseModel):
    contact_id: uuid.UUID
    name: str
    contact_number: str | None
    units: list[Named]


class SerialLetterOut(BaseModel):
    id: uuid.UUID
    title: str
    document_type: str
    circle: RecipientCircle
    property: Named | None
    cross_property: bool
    status: str
    files: list[FileOut]
    job: JobOut | None
    summary: Summary
    # Property mode: contacts of the recipient circle without a letter (a warning).
    missing_contacts: list[MissingContactOut]
    page_count: int | None
    notify_now: bool
    created_at: datetime
    published_at: datetime | None
    deleted_at: datetime | None


class ContactOut(BaseModel):
    id: uuid.UUID
    name: str
    contact_number: str | None = None
    registered: bool = False
    preference: Preference = Preference.online
    archived: bool = False


class ProblemOut(BaseModel):
    kind: str
    message: str
    # 1-based page numbers of the letters file.
    pages: list[int]
    contacts: list[ContactOut]


class UnitOptionOut(BaseModel):
    property: Named
    unit: Named


class LetterOut(BaseModel):
    id: uuid.UUID
    # 1-based place in the letters file.
    number: int
    pages: list[int]
    page_count: int
    # With the general attachments: the pages of the published PDF.
    total_pages: int
    method: str | None
    identified_by: str | None
    confidence: float
    reason: str
    window_text: str
    contact: ContactOut | None
    property: Named | None
    unit: Named | None
    found_contact_id: uuid.UUID | None
    decision: str | None
    state: str
    ready: bool
    needs_decision: bool
    problems: list[ProblemOut]
    unit_options: list[UnitOptionOut]
