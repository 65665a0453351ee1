"""API shapes of units."""

from __future__ import annotations

import uuid

from pydantic import BaseModel, ConfigDict, Field

from hausportal.portal.schemas import Patch


class UnitIn(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    # What the manager calls it: "WE 03", "2. OG links", "Garage 4".
    name: str = Field(min_length=1, max_length=200)


class UnitPatch(Patch):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    never_null = frozenset({"name"})

    name: str | None = Field(default=None, min_length=1, max_length=200)


class UnitOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    property_id: uuid.UUID
    name: str
