"""API shapes of logging in."""

from __future__ import annotations

import uuid
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class LoginIn(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    email: str = Field(min_length=1, max_length=320)
    password: str = Field(min_length=1, max_length=200)
    # Needed only when the same e-mail and password work in several accounts.
    account_id: uuid.UUID | None = None


class LoginOut(BaseModel):
    access_token: str
    token_type: Literal["bearer"] = "bearer"  # noqa: S105 - the OAuth token type
    # For POST /auth/refresh when the access token runs out; each works once.
    refresh_token: str | None = None
    kind: Literal["staff", "contact"]
    account_id: uuid.UUID
    subject_id: uuid.UUID


class RefreshIn(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    refresh_token: str = Field(min_length=1, max_length=200)


class PasswordResetIn(BaseModel):
    # Any text: the answer is the same whether or not somebody has this address.
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    email: str = Field(min_length=1, max_length=320)


class PasswordResetConfirmIn(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    token: str = Field(min_length=1, max_length=200)
    password: str = Field(min_length=8, max_length=200)
