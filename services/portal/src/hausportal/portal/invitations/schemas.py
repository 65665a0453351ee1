"""API shapes of invitations."""

from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import BaseModel, ConfigDict, EmailStr, Field, field_validator


class ContactInvitationIn(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    # E-mail the invitation (notify sends it) to ``email`` or else the contact's address.
    send_email: bool = True
    email: EmailStr | None = None


class ContactInvitationOut(BaseModel):
    id: uuid.UUID
    # Shown once (to hand over or print); only its hash is stored.
    code: str
    link: str
    expires_at: datetime
    # Where the e-mail goes; null: not e-mailed (not asked for, or no address known).
    sent_to: str | None


class InviteLinkOut(BaseModel):
    link: str
    token: str
    created_at: datetime


class PropertyInvitationsIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    # Addresses as pasted: one string or several, separated by commas, semicolons, spaces or
    # line breaks.
    emails: list[str] = Field(min_length=1)
    # The manager's own words in the e-mail; notify's standard text when left out.
    text: str | None = Field(default=None, max_length=5000)

    @field_validator("emails", mode="before")
    @classmethod
    def _one_string_is_a_list(cls, value: object) -> object:
        return [value] if isinstance(value, str) else value

    @field_validator("text")
    @classmethod
    def _blank_is_none(cls, value: str | None) -> str | None:
        return value.strip() or None if value is not None else None


class PropertyInvitationsOut(BaseModel):
    # Normalised addresses an invitation went to, in the order pasted.
    sent: list[str]
    # What is not an e-mail address, as pasted.
    invalid: list[str]
    # Addresses pasted more than once (invited once).
    duplicates: list[str]
