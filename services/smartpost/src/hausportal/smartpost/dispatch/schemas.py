"""Request and response bodies of the dispatch endpoints."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from pydantic import BaseModel, Field

from hausportal.kit.errors import Invalid
from hausportal.smartpost.dispatch.recipients import RecipientFilter, Selection
from hausportal.smartpost.engine import ColourMode, PrintOptions, PrintOptionsInvalid, Sides
from hausportal.smartpost.models import DispatchAudit, DispatchOrder, DownloadRequest


class DispatchChoice(BaseModel):
    """Who gets paper and how it is printed."""

    filter: RecipientFilter = RecipientFilter.by_preference
    add_contact_ids: list[uuid.UUID] = Field(default_factory=list)
    remove_contact_ids: list[uuid.UUID] = Field(default_factory=list)
    colour: ColourMode = ColourMode.black_white
    sides: Sides = Sides.simplex
    duplex_optimised: bool = False
    registered: bool = False
    # One envelope per contact with all its letters (attachments once).
    merge: bool = True

    def selection(self) -> Selection:
        return Selection.of(add=self.add_contact_ids, remove=self.remove_contact_ids)

    def options(self) -> PrintOptions:
        try:
            return PrintOptions(
                colour=self.colour,
                sides=self.sides,
                duplex_optimised=self.duplex_optimised,
                registered=self.registered,
            )
        except PrintOptionsInvalid as error:
            raise Invalid("print_options_invalid", str(error)) from None


class OrderIn(DispatchChoice):
    # The same request id again is the same order (a retried click orders once).
    request_id: uuid.UUID


class OptionCountOut(BaseModel):
    filter: RecipientFilter
    label: str
    letters: int
    envelopes: int
    sheets: int
    pages: int


class OrderButtonOut(BaseModel):
    # orderable, cancellable, feature_missing, not_possible
    state: str
    reason: str | None
    order_id: uuid.UUID | None


class OverviewOut(BaseModel):
    counts: list[OptionCountOut]
    order_button: OrderButtonOut


class AuditOut(BaseModel):
    action: str
    staff_id: uuid.UUID
    order_id: uuid.UUID | None
    at: datetime
    detail: dict[str, Any]

    @classmethod
    def of(cls, row: DispatchAudit) -> AuditOut:
        return cls(
            action=row.action,
            staff_id=row.staff_id,
            order_id=row.order_id,
            at=row.at,
            detail=row.detail,
        )


class OrderOut(BaseModel):
    id: uuid.UUID
    provider: str
    state: str
    provider_reference: str | None
    recipient_filter: str
    options: dict[str, Any]
    letters: int
    envelopes: int
    sheets: int
    pages: int
    # Letters the print check left out, with the reasons (they stay in the portal).
    excluded: list[dict[str, Any]]
    history: list[dict[str, Any]]
    last_error: str | None
    ordered_at: datetime
    cancelled_at: datetime | None

    @classmethod
    def of(cls, order: DispatchOrder) -> OrderOut:
        return cls(
            id=order.id,
            provider=order.provider,
            state=order.state,
            provider_reference=order.provider_reference,
            recipient_filter=order.recipient_filter,
            options=order.options,
            letters=order.letters,
            envelopes=order.envelopes,
            sheets=order.sheets,
            pages=order.pages,
            excluded=order.excluded,
            history=order.history,
            last_error=order.last_error,
            ordered_at=order.ordered_at,
            cancelled_at=order.cancelled_at,
        )


class DownloadIn(BaseModel):
    filter: RecipientFilter = RecipientFilter.all
    add_contact_ids: list[uuid.UUID] = Field(default_factory=list)
    remove_contact_ids: list[uuid.UUID] = Field(default_factory=list)

    def selection(self) -> Selection:
        return Selection.of(add=self.add_contact_ids, remove=self.remove_contact_ids)


class DownloadOut(BaseModel):
    id: uuid.UUID
    state: str
    # Who gets the link by e-mail.
    recipients: list[uuid.UUID]
    created_at: datetime

    @classmethod
    def of(cls, row: DownloadRequest) -> DownloadOut:
        return cls(
            id=row.id,
            state=row.state,
            recipients=[uuid.UUID(r) for r in row.recipients],
            created_at=row.created_at,
        )
