"""API shapes of registration."""

from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import BaseModel, ConfigDict, EmailStr, Field, model_validator


class RegistrationTokenOut(BaseModel):
    """The older answer of POST /contacts/{id}/registration-token: ``token`` is the code."""

    id: uuid.UUID
    token: str
    code: str
    link: str
    expires_at: datetime


class RegisterIn(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    # A contact's invitation code (``token``: its older name) ...
    code: str | None = Field(default=None, min_length=1, max_length=200)
    token: str | None = Field(default=None, min_length=1, max_length=200)
    # ... or the token of a property's invite link (registers a resident).
    property_token: str | None = Field(default=None, min_length=1, max_length=200)
    email: EmailStr
    password: str = Field(min_length=8, max_length=200)
    display_name: str = Field(min_length=1, max_length=200)

    @model_validator(mode="after")
    def _one_invitation(self) -> RegisterIn:
        given = [v for v in (self.code or self.token, self.property_token) if v]
        if len(given) != 1:
            raise ValueError("Bitte geben Sie entweder einen Einladungscode oder einen Link an.")
        return self

    @property
    def invitation_code(self) -> str | None:
        return self.code or self.token
