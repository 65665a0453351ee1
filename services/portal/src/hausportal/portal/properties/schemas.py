"""API shapes of properties."""

from __future__ import annotations

import uuid

from pydantic import BaseModel, ConfigDict, Field

from hausportal.portal.schemas import Patch


class PropertyIn(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    name: str = Field(min_length=1, max_length=200)
    street: str | None = Field(default=None, max_length=200)
    zip_code: str | None = Field(default=None, max_length=20)
    city: str | None = Field(default=None, max_length=100)
    country: str = Field(default="DE", pattern=r"^[A-Z]{2}$")


class PropertyPatch(Patch):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    never_null = frozenset({"name", "country"})

    name: str | None = Field(default=None, min_length=1, max_length=200)
    street: str | None = Field(default=None, max_length=200)
    zip_code: str | None = Field(default=None, max_length=20)
    city: str | None = Field(default=None, max_length=100)
    country: str | None = Field(default=None, pattern=r"^[A-Z]{2}$")


class PropertyOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    name: str
    street: str | None
    zip_code: str | None
    city: str | None
    country: str
    # Object key of the property's picture, if one was uploaded.
    image_key: str | None
