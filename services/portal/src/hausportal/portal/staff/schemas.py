"""API shapes of staff."""

from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import BaseModel, ConfigDict, EmailStr, Field

from hausportal.contracts.directory import StaffRole
from hausportal.portal.schemas import Patch


class StaffInvitationIn(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    email: EmailStr
    name: str = Field(min_length=1, max_length=200)
    role: StaffRole = StaffRole.staff


class StaffInvitationOut(BaseModel):
    id: uuid.UUID
    email: str
    role: StaffRole
    # The link in the e-mail (shown once; only its token's hash is stored).
    link: str
    expires_at: datetime


class StaffRegisterIn(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    token: str = Field(min_length=1, max_length=200)
    password: str = Field(min_length=8, max_length=200)
    # Instead of the name the admin typed in the invitation.
    name: str | None = Field(default=None, min_length=1, max_length=200)


class StaffOut(BaseModel):
    id: uuid.UUID
    name: str
    email: str
    role: StaffRole
    active: bool


class StaffPatch(Patch):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    never_null = frozenset({"name", "role", "active"})

    name: str | None = Field(default=None, min_length=1, max_length=200)
    role: StaffRole | None = None
    active: bool | None = None
