"""The preview API: the contact's document list, and whom it shows it for."""

from __future__ import annotations

import uuid
from datetime import date
from enum import StrEnum
from typing import Literal

from hausportal.documents.my_documents.schemas import MyDocumentOut
from hausportal.kit.paging import Page


class PreviewRole(StrEnum):
    """``?as=``: whose view of the property."""

    tenant = "tenant"
    owner = "owner"
    resident = "resident"


class DocumentsPreviewOut(Page[MyDocumentOut]):
    """The page ``/my/documents`` would show such a person today (same items, same order)."""

    property_id: uuid.UUID
    role: PreviewRole
    unit_id: uuid.UUID | None
    # unit: a tenant/owner of ``unit_id`` (the property's and that unit's documents);
    # property: the property's own documents only (a resident, or no unit_id given).
    scope: Literal["unit", "property"]
    on: date
