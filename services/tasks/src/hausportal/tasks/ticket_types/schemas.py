"""The API of ticket types and their custom fields."""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from hausportal.tasks.models import TicketType

Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]


class FieldKind(StrEnum):
    text = "text"  # Freitext
    number = "number"  # Zahl
    date = "date"  # Datum
    choice = "choice"  # Auswahl


class FieldDefinition(BaseModel):
    """One custom field of a ticket type, e.g. "Wo ist der Schaden?" (text, required)."""

    model_config = ConfigDict(extra="forbid")

    # What the value is sent and stored under: lower-case letters, digits, underscores.
    key: Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]{0,39}$")]
    label: Name
    kind: FieldKind
    required: bool = False
    # The options of a choice field (and only of one).
    choices: list[Name] = Field(default_factory=list, max_length=50)

    @model_validator(mode="after")
    def _choices_only_for_choice(self) -> FieldDefinition:
        if self.kind is FieldKind.choice and not self.choices:
            raise ValueError(f"the choice field {self.key!r} needs at least one option")
        if self.kind is not FieldKind.choice and self.choices:
            raise ValueError(f"only a choice field has options, not {self.key!r}")
        if len({c.casefold() for c in self.choices}) != len(self.choices):
            raise ValueError(f"the options of {self.key!r} repeat themselves")
        return self


Fields = Annotated[list[FieldDefinition], Field(max_length=30)]


def _unique_keys(fields: list[FieldDefinition] | None) -> None:
    keys = [f.key for f in fields or ()]
    if len(set(keys)) != len(keys):
        raise ValueError("every field needs its own key")


class TicketTypeIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: Name
    description: Annotated[str, StringConstraints(strip_whitespace=True, max_length=500)] = ""
    fields: Fields = Field(default_factory=list)

    @model_validator(mode="after")
    def _keys(self) -> TicketTypeIn:
        _unique_keys(self.fields)
        return self


class TicketTypeChange(BaseModel):
    """What staff change of a type; tickets already made keep the fields they were made with."""

    model_config = ConfigDict(extra="forbid")

    name: Name | None = None
    description: Annotated[str, StringConstraints(strip_whitespace=True, max_length=500)] | None = (
        None
    )
    fields: Fields | None = None
    active: bool | None = None

    @model_validator(mode="after")
    def _keys(self) -> TicketTypeChange:
        _unique_keys(self.fields)
        return self


class TicketTypeOut(BaseModel):
    id: uuid.UUID
    name: str
    description: str
    fields: list[FieldDefinition]
    active: bool
    created_at: datetime

    @classmethod
    def of(cls, ticket_type: TicketType) -> TicketTypeOut:
        return cls(
            id=ticket_type.id,
            name=ticket_type.name,
            description=ticket_type.description,
            fields=[FieldDefinition.model_validate(f) for f in ticket_type.fields],
            active=ticket_type.active,
            created_at=ticket_type.created_at,
        )


def stored_fields(fields: list[FieldDefinition]) -> list[dict[str, Any]]:
    return [f.model_dump(mode="json") for f in fields]
