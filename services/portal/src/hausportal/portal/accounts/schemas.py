"""API shapes of the account."""

from __future__ import annotations

import uuid

from pydantic import BaseModel, ConfigDict, Field

from hausportal.portal.schemas import Patch


class AccessWindowsOut(BaseModel):
    # Days of portal access before a contract starts / after it ends; null: switched off.
    pre_contract_days: int | None
    post_contract_days: int | None


class BrandingOut(BaseModel):
    # An http(s) address of the logo shown in the account's e-mails; null: none.
    logo_url: str | None
    # The primary colour of the e-mails as #rrggbb; null: the portal's default.
    primary_color: str | None


class AccountOut(BaseModel):
    id: uuid.UUID
    name: str
    slug: str
    access: AccessWindowsOut
    branding: BrandingOut


class AccountPatch(Patch):
    model_config = ConfigDict(extra="forbid")
    never_null = frozenset({"name"})

    name: str | None = Field(default=None, min_length=1, max_length=200)
    access_pre_contract_days: int | None = Field(default=None, ge=0, le=3650)
    access_post_contract_days: int | None = Field(default=None, ge=0, le=3650)
    # Checked by the service (a German message naming the problem); null clears it.
    logo_url: str | None = None
    primary_color: str | None = None
