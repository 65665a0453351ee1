"""API shapes of FAQ entries and contact persons."""

from __future__ import annotations

import uuid

from pydantic import BaseModel, ConfigDict, EmailStr, Field, field_validator

from hausportal.portal.schemas import Patch


def _blank_is_none(value: object) -> object:
    return None if isinstance(value, str) and not value.strip() else value


class FaqIn(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    question: str = Field(min_length=1, max_length=500)
    answer: str = Field(min_length=1, max_length=20_000)
    # Ascending; leave out to append at the end.
    position: int | None = Field(default=None, ge=0, le=1_000_000)


class FaqPatch(Patch):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    never_null = frozenset({"question", "answer", "position"})

    question: str | None = Field(default=None, min_length=1, max_length=500)
    answer: str | None = Field(default=None, min_length=1, max_length=20_000)
    position: int | None = Field(default=None, ge=0, le=1_000_000)


class FaqOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    property_id: uuid.UUID
    question: str
    answer: str
    position: int


class ContactPersonIn(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    name: str = Field(min_length=1, max_length=200)
    # What they do for the property: "Hausmeister", "Objektbetreuung", "Notdienst Heizung".
    role: str | None = Field(default=None, max_length=200)
    phone: str | None = Field(default=None, max_length=50)
    email: EmailStr | None = None
    position: int | None = Field(default=None, ge=0, le=1_000_000)

    _blanks = field_validator("role", "phone", "email", mode="before")(_blank_is_none)


class ContactPersonPatch(Patch):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    never_null = frozenset({"name", "position"})

    name: str | None = Field(default=None, min_length=1, max_length=200)
    role: str | None = Field(default=None, max_length=200)
    phone: str | None = Field(default=None, max_length=50)
    email: EmailStr | None = None
    position: int | None = Field(default=None, ge=0, le=1_000_000)

    _blanks = field_validator("role", "phone", "email", mode="before")(_blank_is_none)


class ContactPersonOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    property_id: uuid.UUID
    name: str
    role: str | None
    phone: str | None
    email: str | None
    position: int
