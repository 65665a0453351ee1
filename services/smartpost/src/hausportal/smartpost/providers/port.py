"""The print provider port: what an order at a print service is, its states, and its errors."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from enum import StrEnum
from typing import Protocol

# The one set of print options: the engine lays the pages out with it, providers print with it.
from hausportal.smartpost.engine.dispatch import PrintOptions
from hausportal.smartpost.engine.printcheck import ProviderLimits


class OrderState(StrEnum):
    CREATED = "created"
    ACCEPTED = "accepted"
    IN_PRODUCTION = "in_production"
    SENT = "sent"
    CANCELLED = "cancelled"
    FAILED = "failed"


STATE_LABELS_DE: dict[OrderState, str] = {
    OrderState.CREATED: "angelegt",
    OrderState.ACCEPTED: "angenommen",
    OrderState.IN_PRODUCTION: "in Produktion",
    OrderState.SENT: "versendet",
    OrderState.CANCELLED: "storniert",
    OrderState.FAILED: "fehlgeschlagen",
}

# Whether the provider still allows a cancel is the provider's rule; this is only what the
# machine permits at all. Accepted -> sent skips production for providers without one (the
# file export: the manager prints).
TRANSITIONS: dict[OrderState, frozenset[OrderState]] = {
    OrderState.CREATED: frozenset({OrderState.ACCEPTED, OrderState.CANCELLED, OrderState.FAILED}),
    OrderState.ACCEPTED: frozenset(
        {OrderState.IN_PRODUCTION, OrderState.SENT, OrderState.CANCELLED, OrderState.FAILED}
    ),
    OrderState.IN_PRODUCTION: frozenset({OrderState.SENT, OrderState.FAILED}),
    OrderState.SENT: frozenset(),
    OrderState.CANCELLED: frozenset(),
    OrderState.FAILED: frozenset(),
}


class ProviderError(Exception):
    """A print provider refused or failed; ``message_de`` is what the manager reads."""

    def __init__(self, message_de: str) -> None:
        super().__init__(message_de)
        self.message_de = message_de


class CancelRefused(ProviderError):
    def __init__(self, reason_de: str, order: ProviderOrder | None = None) -> None:
        super().__init__(f"Der Druckauftrag kann nicht storniert werden: {reason_de}")
        self.reason_de = reason_de
        self.order = order


class ProviderUnavailable(ProviderError):
    """The provider could not be reached or answered with an error; trying again may work."""

    def __init__(self, detail: str = "") -> None:
        super().__init__(
            "Der Druckdienstleister ist gerade nicht erreichbar. "
            "Bitte versuchen Sie es in einigen Minuten erneut."
        )
        self.detail = detail


class OrderNotFound(ProviderError, LookupError):
    def __init__(self, order_id: uuid.UUID) -> None:
        super().__init__(f"Der Druckauftrag {order_id} ist beim Druckdienstleister nicht bekannt.")
        self.order_id = order_id


class OrderConflict(ProviderError, ValueError):
    """The order id (the idempotency key) was already used for a different order."""

    def __init__(self, order_id: uuid.UUID) -> None:
        super().__init__(
            f"Die Auftragsnummer {order_id} wurde bereits für einen anderen Druckauftrag "
            "verwendet; der neue Auftrag wurde nicht angenommen."
        )
        self.order_id = order_id


class PrintFileMissing(ProviderError, LookupError):
    def __init__(self, key: str) -> None:
        super().__init__(
            "Die Druckdatei des Auftrags ist nicht mehr vorhanden; bitte stellen Sie den "
            "Auftrag neu zusammen."
        )
        self.key = key


class IllegalTransition(ProviderError, ValueError):
    def __init__(self, current: OrderState, target: OrderState) -> None:
        super().__init__(
            f"Ein Druckauftrag im Status „{STATE_LABELS_DE[current]}“ kann nicht in den Status "
            f"„{STATE_LABELS_DE[target]}“ wechseln."
        )
        self.current = current
        self.target = target


@dataclass(frozen=True)
class Envelope:
    """One envelope of the order: one contact, its letters, where they are in the print file."""

    number: int  # 1-based, the order in which envelopes come out of the print file
    contact_id: uuid.UUID
    recipient_name: str
    address_lines: tuple[str, ...]  # the postal address below the name, as in the window
    country: str  # ISO 3166-1 alpha-2, "DE" for Germany
    pages: int  # printed pages including blank ones
    sheets: int
    first_page: int  # 1-based page of the print file where this envelope's first sheet starts
    letter_ids: tuple[uuid.UUID, ...]

    def __post_init__(self) -> None:
        if min(self.number, self.pages, self.sheets, self.first_page) < 1:
            raise ValueError(f"envelope {self.number}: numbers, pages and sheets start at 1")


@dataclass(frozen=True)
class PrintOrder:
    """What the portal asks a provider to print and post. ``order_id`` is the idempotency
    key: submitting it again is the same order."""

    order_id: uuid.UUID
    account_id: uuid.UUID
    print_file_key: str  # the combined print PDF in object storage, under the account's keys
    manifest: tuple[Envelope, ...]
    options: PrintOptions
    ordered_by: uuid.UUID
    ordered_at: datetime

    def __post_init__(self) -> None:
        if not self.manifest:
            raise ValueError("an order needs at least one envelope")
        numbers = [envelope.number for envelope in self.manifest]
        if len(set(numbers)) != len(numbers):
            raise ValueError("envelope numbers must be unique")
        if not self.print_file_key.startswith(f"{self.account_id}/"):
            raise ValueError("the print file must be one of the account's own objects")
        if self.ordered_at.tzinfo is None:
            raise ValueError("ordered_at must be timezone-aware")


@dataclass(frozen=True)
class StateChange:
    state: OrderState
    at: datetime
    note: str = ""


@dataclass(frozen=True)
class ProviderOrder:
    """The provider's view of an order at one moment."""

    order_id: uuid.UUID
    provider: str
    state: OrderState
    history: tuple[StateChange, ...]
    provider_reference: str
    cancellable: bool
    cancellable_until: datetime | None = None
    not_cancellable_reason: str | None = None  # German, for the manager, when not cancellable


@dataclass(frozen=True)
class OrderRecord:
    """What a provider keeps about an order between calls (and restarts)."""

    order: PrintOrder
    provider_reference: str
    history: tuple[StateChange, ...]

    @property
    def state(self) -> OrderState:
        return self.history[-1].state

    @property
    def received_at(self) -> datetime:
        return self.history[0].at

    def moved_to(self, state: OrderState, *, at: datetime, note: str = "") -> OrderRecord:
        if state not in TRANSITIONS[self.state]:
            raise IllegalTransition(self.state, state)
        return replace(self, history=(*self.history, StateChange(state, at.astimezone(UTC), note)))

    def seen_by(
        self, provider: str, *, cancellable_until: datetime | None, why_not: str | None
    ) -> ProviderOrder:
        """The provider's answer about this order: cancellable until a moment, or not and why."""
        return ProviderOrder(
            order_id=self.order.order_id,
            provider=provider,
            state=self.state,
            history=self.history,
            provider_reference=self.provider_reference,
            cancellable=cancellable_until is not None,
            cancellable_until=cancellable_until,
            not_cancellable_reason=None if cancellable_until else why_not,
        )


def new_record(order: PrintOrder, *, reference: str, at: datetime) -> OrderRecord:
    return OrderRecord(order, reference, (StateChange(OrderState.CREATED, at.astimezone(UTC)),))


class PrintProvider(Protocol):
    """A print service. Every call may raise ``ProviderUnavailable`` (retry it with
    ``with_retries``); submit and cancel are idempotent, so a retry never orders twice."""

    @property
    def name(self) -> str: ...

    @property
    def limits(self) -> ProviderLimits:
        """What it takes per envelope; the print check leaves out letters over it."""
        ...

    async def submit(self, order: PrintOrder) -> ProviderOrder:
        """Place the order, or return it as it is when this order id was placed before;
        ``OrderConflict`` when the id was used for a different order."""
        ...

    async def cancel(self, order_id: uuid.UUID) -> ProviderOrder:
        """Cancel, or return the order when it already is; ``CancelRefused`` with the reason
        once the provider no longer allows it."""
        ...

    async def status(self, order_id: uuid.UUID) -> ProviderOrder: ...
