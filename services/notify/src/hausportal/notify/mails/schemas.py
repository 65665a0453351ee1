"""The mail API's shapes."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from pydantic import BaseModel, ConfigDict

from hausportal.notify.models import MailStatus


class MailOut(BaseModel):
    """An outgoing e-mail as staff see it: to whom, what about, how delivery went."""

    model_config = ConfigDict(from_attributes=True)

    id: UUID
    contact_id: UUID
    to_address: str
    subject: str
    status: MailStatus
    attempts: int
    last_error: str | None
    created_at: datetime
    sent_at: datetime | None
    # The event that caused it (e.g. the document's DocumentPublished).
    source_event_id: UUID
