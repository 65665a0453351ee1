"""API shapes of contracts."""

from __future__ import annotations

import uuid
from datetime import date

from pydantic import BaseModel, ConfigDict

from hausportal.contracts.directory import ContractRole
from hausportal.portal.schemas import Patch


class ContractIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    contact_id: uuid.UUID
    unit_id: uuid.UUID
    role: ContractRole
    start: date
    # Inclusive last day; leave out for an open-ended contract.
    end: date | None = None


class ContractPatch(Patch):
    model_config = ConfigDict(extra="forbid")
    never_null = frozenset({"unit_id", "role", "start"})

    unit_id: uuid.UUID | None = None
    role: ContractRole | None = None
    start: date | None = None
    end: date | None = None


class ContractOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    contact_id: uuid.UUID
    unit_id: uuid.UUID
    property_id: uuid.UUID
    role: ContractRole
    start: date
    end: date | None
