"""Events of SmartPost: the letters of a serial letter published to, and withdrawn from, the
portal (the documents service makes each letter a document shared with its one contact), and
download links for staff (notify e-mails them)."""

from __future__ import annotations

from datetime import datetime
from typing import Literal
from uuid import UUID

from pydantic import AwareDatetime, Field

from hausportal.contracts.envelope import Event, Payload


class LetterPayload(Payload):
    # Also the id of the document the letter becomes: publishing twice is one document.
    letter_id: UUID
    serial_letter_id: UUID
    contact_id: UUID
    property_id: UUID
    unit_id: UUID | None = None
    title: str
    document_type: str
    file_name: str
    # The letter's PDF (its pages plus the general attachments), written once by smartpost
    # into the shared object storage; documents serves it from there and never copies it.
    object_key: str
    size: int = Field(ge=0)
    sha256: str
    page_count: int = Field(ge=1)
    published_at: datetime
    # Staff asked for an immediate e-mail (on top of the daily digest).
    notify_now: bool = False
    published_by: UUID


class LetterPublished(Event):
    type: Literal["smartpost.letter.published"] = "smartpost.letter.published"
    version: Literal[1] = 1
    payload: LetterPayload


class LetterRef(Payload):
    letter_id: UUID
    serial_letter_id: UUID
    contact_id: UUID
    property_id: UUID
    unit_id: UUID | None = None


class LetterWithdrawn(Event):
    """One published letter is taken back: it disappears from its contact's portal."""

    type: Literal["smartpost.letter.withdrawn"] = "smartpost.letter.withdrawn"
    version: Literal[1] = 1
    payload: LetterRef


class SerialLetterRef(Payload):
    serial_letter_id: UUID
    # The letters that were published and are still in the portal: all disappear.
    letter_ids: tuple[UUID, ...] = ()


class SerialLetterDeleted(Event):
    type: Literal["smartpost.serial_letter.deleted"] = "smartpost.serial_letter.deleted"
    version: Literal[1] = 1
    payload: SerialLetterRef


class DownloadLinkPayload(Payload):
    """A PDF file of a serial letter (the PDF/A version) is ready behind a time-limited link."""

    serial_letter_id: UUID
    title: str
    # Presigned: whoever holds it can download until ``expires_at``; so it goes only to the
    # staff named here (the requester, or the approvers when manager approval is on).
    link: str
    expires_at: AwareDatetime
    file_name: str
    size: int = Field(ge=0)
    staff_ids: tuple[UUID, ...]
    requested_by: UUID


class DownloadLinkReady(Event):
    type: Literal["smartpost.download_link.ready"] = "smartpost.download_link.ready"
    version: Literal[1] = 1
    payload: DownloadLinkPayload


class DispatchStatePayload(Payload):
    """An order's state at the print provider changed (ordered, accepted, in production,
    sent, cancelled, failed): what a provider's webhook would say, as the portal learnt it."""

    order_id: UUID
    serial_letter_id: UUID
    provider: str
    state: str
    # None for a new order.
    previous_state: str | None = None
    changed_at: datetime
    letters: int = Field(ge=0)
    envelopes: int = Field(ge=0)
    ordered_by: UUID


class DispatchStateChanged(Event):
    type: Literal["smartpost.dispatch.state_changed"] = "smartpost.dispatch.state_changed"
    version: Literal[1] = 1
    payload: DispatchStatePayload
