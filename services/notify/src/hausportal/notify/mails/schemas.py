"""The mail API's shapes."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from pydantic import BaseModel, ConfigDict

from hausportal.notify.models import MailKind, MailStatus


class MailOut(BaseModel):
    """An outgoing e-mail as staff see it: to whom, what about, how delivery went."""

    model_config = ConfigDict(from_attributes=True)

    id: UUID
    kind: MailKind
    # The contact it went to; None for a mail to a bare address (an invitation, a reset).
    contact_id: UUID | None
    to_address: str
    subject: str
    status: MailStatus
    attempts: int
    last_error: str | None
    created_at: datetime
    sent_at: datetime | None
    # The event that caused it (e.g. the document's DocumentPublished).
    source_event_id: UUID
    # What it is about: the document, the message or appointment, the invitation.
    item_id: UUID | None
