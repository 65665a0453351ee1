"""Directory events of the portal service: the master data every other service mirrors."""

from __future__ import annotations

from typing import Literal
from uuid import UUID

from hausportal.contracts.envelope import Event, Payload


class AccountPayload(Payload):
    account_id: UUID
    name: str


class AccountCreated(Event):
    type: Literal["portal.account.created"] = "portal.account.created"
    version: Literal[1] = 1
    payload: AccountPayload


class PropertyPayload(Payload):
    property_id: UUID
    name: str
    street: str | None = None
    zip_code: str | None = None
    city: str | None = None


class PropertyUpserted(Event):
    type: Literal["portal.property.upserted"] = "portal.property.upserted"
    version: Literal[1] = 1
    payload: PropertyPayload


class PropertyRef(Payload):
    property_id: UUID


class PropertyDeleted(Event):
    type: Literal["portal.property.deleted"] = "portal.property.deleted"
    version: Literal[1] = 1
    payload: PropertyRef
