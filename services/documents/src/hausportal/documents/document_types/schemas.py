"""The document types API."""

from __future__ import annotations

import uuid
from typing import Annotated

from pydantic import BaseModel, ConfigDict, StringConstraints

TypeName = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]


class DocumentTypeOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    name: str


class DocumentTypeCreate(BaseModel):
    name: TypeName
