"""API shapes of contacts."""

from __future__ import annotations

import uuid
from typing import Any

from pydantic import BaseModel, ConfigDict, EmailStr, Field, field_validator

from hausportal.contracts.directory import Preference
from hausportal.portal.schemas import Patch


def _blank_is_none(value: Any) -> Any:
    if isinstance(value, str) and not value.strip():
        return None
    return value


class ContactIn(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    # As printed on letters: "Erika Mustermann", "Müller GmbH".
    name: str = Field(min_length=1, max_length=200)
    email: EmailStr | None = None
    # The manager's own number for the contact (unique in the account).
    contact_number: str | None = Field(default=None, max_length=64)
    street: str | None = Field(default=None, max_length=200)
    zip_code: str | None = Field(default=None, max_length=20)
    city: str | None = Field(default=None, max_length=100)
    country: str = Field(default="DE", pattern=r"^[A-Z]{2}$")
    preference: Preference = Preference.online
    archived: bool = False

    _blanks = field_validator(
        "email", "contact_number", "street", "zip_code", "city", mode="before"
    )(_blank_is_none)


class ContactPatch(Patch):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    never_null = frozenset({"name", "country", "preference", "archived"})

    name: str | None = Field(default=None, min_length=1, max_length=200)
    email: EmailStr | None = None
    contact_number: str | None = Field(default=None, max_length=64)
    street: str | None = Field(default=None, max_length=200)
    zip_code: str | None = Field(default=None, max_length=20)
    city: str | None = Field(default=None, max_length=100)
    country: str | None = Field(default=None, pattern=r"^[A-Z]{2}$")
    preference: Preference | None = None
    archived: bool | None = None

    _blanks = field_validator(
        "email", "contact_number", "street", "zip_code", "city", mode="before"
    )(_blank_is_none)


class ContactOut(BaseModel):
    id: uuid.UUID
    name: str
    email: str | None
    contact_number: str | None
    street: str | None
    zip_code: str | None
    city: str | None
    country: str
    preference: Preference
    archived: bool
    # Has a portal login.
    registered: bool
