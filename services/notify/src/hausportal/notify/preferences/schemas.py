"""The preference API's shapes."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from pydantic import BaseModel, ConfigDict

from hausportal.notify.models import DocumentMode


class PreferencesOut(BaseModel):
    contact_id: UUID
    # immediate: an e-mail per new document; digest: one a day (the default); none: no e-mail
    # about documents, not even when staff send one "notify now".
    documents: DocumentMode
    # None: never chosen (the default applies).
    updated_at: datetime | None


class PreferencesIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    documents: DocumentMode
