"""Ordering the paper side of a published serial letter: the overview per recipient filter,
the print check, the print file, the order at the account's provider, cancel and status.

An order's id comes from the serial letter and the caller's request id: the same request
again is the same order, here and at the provider (its idempotency key), whatever failed in
between.
"""

from __future__ import annotations

import asyncio
import shutil
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from hausportal.contracts.directory import ContactPayload
from hausportal.contracts.smartpost import DispatchStateChanged, DispatchStatePayload
from hausportal.kit.app import Runtime
from hausportal.kit.auth import Principal
from hausportal.kit.clock import Clock
from hausportal.kit.downloads import put_file
from hausportal.kit.errors import Conflict, NotFound, UserError
from hausportal.kit.storage.port import ObjectStorage
from hausportal.kit.uploads import discard
from hausportal.smartpost.deps import settings_of
from hausportal.smartpost.dispatch import audit
from hausportal.smartpost.dispatch import settings as account_settings
from hausportal.smartpost.dispatch.recipients import LABELS, RecipientFilter, Selection
from hausportal.smartpost.dispatch.service import batch, published
from hausportal.smartpost.engine import (
    DispatchLetter,
    PrintOptions,
    build_envelopes,
    check_letters,
    plan_print,
    write_print_file,
)
from hausportal.smartpost.engine.dispatch import ManifestEntry
from hausportal.smartpost.models import DispatchAudit, DispatchOrder, Letter, directory, outbox
from hausportal.smartpost.providers import (
    CancelRefused,
    Envelope,
    FileExportProvider,
    PrintOrder,
    PrintProvider,
    ProviderOrder,
    ProviderUnavailable,
    SimulatedPrintShop,
    with_retries,
)
from hausportal.smartpost.serial_letters import service as serial_letters

_ORDER_IDS = uuid.UUID("5b0c1e62-4f0e-4a57-9d7e-2f35c0d6a1b4")
OPEN_STATES = ("created", "accepted", "in_production")


def order_id_for(serial_letter_id: uuid.UUID, request_id: uuid.UUID) -> uuid.UUID:
    return uuid.uuid5(_ORDER_IDS, f"{serial_letter_id}:{request_id}")


def provider_for(
    name: str, *, storage: ObjectStorage, clock: Clock, account_id: uuid.UUID
) -> PrintProvider:
    if name == "simulated":
        return SimulatedPrintShop(storage=storage, clock=clock, account_id=account_id)
    return FileExportProvider(storage=storage, clock=clock, account_id=account_id)


def dispatch_letters(
    letters: Sequence[Letter],
    contacts: dict[uuid.UUID, ContactPayload],
    unit_names: dict[uuid.UUID, str],
) -> list[DispatchLetter]:
    out = []
    for letter in letters:
        assert letter.contact_id is not None
        contact = contacts.get(letter.contact_id)
        out.append(
            DispatchLetter(
                letter_id=letter.id,
                contact_id=letter.contact_id,
                pages=tuple(letter.pages),
                unit_id=letter.unit_id,
                unit_name=unit_names.get(letter.unit_id, "") if letter.unit_id else "",
                country=(contact.address.country if contact else "DE") or "DE",
            )
        )
    return out


async def unit_names_of(
    session: AsyncSession, *, account_id: uuid.UUID, letters: Sequence[Letter]
) -> dict[uuid.UUID, str]:
    table = directory.tables.unit
    ids = {x.unit_id for x in letters if x.unit_id}
    if not ids:
        return {}
    rows = await session.execute(
        select(table.c.unit_id, table.c.name).where(
            table.c.account_id == account_id, table.c.unit_id.in_(ids)
        )
    )
    return {row.unit_id: row.name for row in rows}


# ------------------------------------------------------------------------------ overview


@dataclass(frozen=True)
class OptionCount:
    filter: RecipientFilter
    label: str
    letters: int
    envelopes: int
    sheets: int
    pages: int


async def overview(
    session: AsyncSession,
    *,
    staff: Principal,
    serial_letter_id: uuid.UUID,
    options: PrintOptions,
    merge: bool,
    selection: Selection,
) -> list[OptionCount]:
    """Letters, envelopes, sheets and pages of every recipient filter, before ordering."""
    account_id = staff.account_id
    _, letters = await published(session, account_id=account_id, serial_letter_id=serial_letter_id)
    attachment_pages = await _attachment_pages(session, serial_letter_id)
    unit_names = await unit_names_of(session, account_id=account_id, letters=letters)
    contacts = await directory.contacts(
        session, account_id=account_id, contact_ids=[x.contact_id for x in letters if x.contact_id]
    )
    counts = []
    for how in RecipientFilter:
        chosen = await batch(
            session, account_id=account_id, letters=letters, how=how, selection=selection
        )
        envelopes = build_envelopes(
            dispatch_letters(chosen.letters, contacts, unit_names), merge=merge
        )
        totals = plan_print(envelopes, options, attachment_pages=attachment_pages).totals
        counts.append(
            OptionCount(
                filter=how,
                label=LABELS[how],
                letters=totals.letters,
                envelopes=totals.envelopes,
                sheets=totals.sheets,
                pages=totals.pages,
            )
        )
    return counts


@dataclass(frozen=True)
class OrderButton:
    """What the order button offers: orderable, cancellable (an open order the provider still
    takes back), feature_missing, or not_possible; with the reason in German."""

    state: str
    reason: str | None = None
    order_id: uuid.UUID | None = None


async def order_button(
    session: AsyncSession,
    *,
    staff: Principal,
    serial_letter_id: uuid.UUID,
    chosen: OptionCount,
    options: PrintOptions,
    storage: ObjectStorage,
    clock: Clock,
) -> OrderButton:
    settings = await account_settings.current(session, account_id=staff.account_id)
    if options.registered and not settings.registered_mail:
        return OrderButton(
            "feature_missing",
            "Einwurfeinschreiben ist für Ihre Hausverwaltung nicht freigeschaltet.",
        )
    for order in await orders_of(session, serial_letter_id=serial_letter_id):
        if order.state not in OPEN_STATES:
            continue
        provider = provider_for(
            order.provider, storage=storage, clock=clock, account_id=order.account_id
        )
        try:
            state = await provider.status(order.id)
        except ProviderUnavailable:
            continue
        if state.cancellable:
            return OrderButton("cancellable", None, order.id)
    if chosen.letters == 0:
        return OrderButton("not_possible", "Nach dieser Auswahl geht kein Brief per Post.")
    return OrderButton("orderable")


async def _attachment_pages(session: AsyncSession, serial_letter_id: uuid.UUID) -> int:
    files = await serial_letters.files_of(session, serial_letter_id=serial_letter_id)
    return sum(file.page_count for file in files[1:])


# --------------------------------------------------------------------------------- order


@dataclass(frozen=True, kw_only=True)
class OrderRequest:
    request_id: uuid.UUID
    how: RecipientFilter
    selection: Selection
    options: PrintOptions
    merge: bool


def order_not_found() -> NotFound:
    return NotFound("order_not_found", "Der Druckauftrag wurde nicht gefunden.")


async def place(
    session: AsyncSession,
    *,
    staff: Principal,
    serial_letter_id: uuid.UUID,
    request: OrderRequest,
    storage: ObjectStorage,
    clock: Clock,
    work_dir: Path,
) -> DispatchOrder:
    """Check the chosen letters, build the print file, order it at the account's provider.
    Letters failing the print check are left out (they stay in the portal) and listed."""
    account_id = staff.account_id
    order_id = order_id_for(serial_letter_id, request.request_id)
    existing = await session.get(DispatchOrder, order_id)
    if existing is not None and existing.account_id == account_id:
        return existing
    serial_letter, letters = await published(
        session, account_id=account_id, serial_letter_id=serial_letter_id
    )
    settings = await account_settings.current(session, account_id=account_id)
    if request.options.registered and not settings.registered_mail:
        raise UserError(
            "registered_mail_not_available",
            "Einwurfeinschreiben ist für Ihre Hausverwaltung nicht freigeschaltet.",
            status_code=403,
        )
    chosen = await batch(
        session,
        account_id=account_id,
        letters=letters,
        how=request.how,
        selection=request.selection,
    )
    if not chosen.letters:
        raise Conflict("no_letters_for_post", "Nach dieser Auswahl geht kein Brief per Post.")
    contacts = await directory.contacts(session, account_id=account_id, contact_ids=chosen.contacts)
    unit_names = await unit_names_of(session, account_id=account_id, letters=chosen.letters)
    to_post = dispatch_letters(chosen.letters, contacts, unit_names)
    files = await serial_letters.files_of(session, serial_letter_id=serial_letter_id)
    work = work_dir / f"order-{order_id}"
    # Under the serial letter: its purge removes the print files of its orders too.
    prefix = serial_letters.serial_letter_prefix(account_id, serial_letter_id)
    print_key = f"{prefix}orders/{order_id}/print.pdf"
    stored: list[str] = []
    try:
        paths = await serial_letters.local_copies(storage, files, work)
        provider = provider_for(
            settings.provider, storage=storage, clock=clock, account_id=account_id
        )
        check = await asyncio.to_thread(
            check_letters,
            paths[0],
            to_post,
            options=request.options,
            attachments=paths[1:],
            limits=provider.limits,
            merge=request.merge,
        )
        if not check.printable:
            raise Conflict(
                "print_check_failed",
                "Kein Brief dieser Auswahl besteht die Druckprüfung; es kann nichts bestellt "
                "werden.",
                letters=_excluded(check.failed),
            )
        envelopes = build_envelopes(check.printable, merge=request.merge)
        plan = plan_print(
            envelopes,
            request.options,
            attachment_pages=sum(f.page_count for f in files[1:]),
        )
        manifest = await asyncio.to_thread(
            write_print_file, plan, source=paths[0], attachments=paths[1:], path=work / "print.pdf"
        )
        await put_file(storage, print_key, work / "print.pdf", content_type="application/pdf")
        stored.append(print_key)
        now = clock.now()
        print_order = PrintOrder(
            order_id=order_id,
            account_id=account_id,
            print_file_key=print_key,
            manifest=tuple(_envelope(entry, contacts) for entry in manifest),
            options=request.options,
            ordered_by=staff.subject_id,
            ordered_at=now,
        )
        try:
            state = await with_retries(
                lambda: provider.submit(print_order), attempts=3, backoff=0.5
            )
        except ProviderUnavailable as error:
            raise UserError("provider_unavailable", error.message_de, status_code=503) from error
    except BaseException:
        await discard(storage, stored)
        raise
    finally:
        await asyncio.to_thread(shutil.rmtree, work, True)
    totals = plan.totals
    order = DispatchOrder(
        id=order_id,
        account_id=account_id,
        serial_letter_id=serial_letter.id,
        provider=state.provider,
        recipient_filter=request.how.value,
        selection={
            "add": [str(c) for c in request.selection.add],
            "remove": [str(c) for c in request.selection.remove],
        },
        options={
            "colour": request.options.colour.value,
            "sides": request.options.sides.value,
            "duplex_optimised": request.options.duplex_optimised,
            "registered": request.options.registered,
            "merge": request.merge,
        },
        state=state.state.value,
        provider_reference=state.provider_reference,
        print_file_key=print_key,
        letters=totals.letters,
        envelopes=totals.envelopes,
        sheets=totals.sheets,
        pages=totals.pages,
        excluded=_excluded(check.failed),
        history=_history(state),
        ordered_by=staff.subject_id,
        ordered_at=now,
        updated_at=now,
    )
    session.add(order)
    await session.flush()
    await announce_state(session, order, previous=None, at=now)
    audit.record(
        session,
        account_id=account_id,
        serial_letter_id=serial_letter.id,
        action="ordered",
        staff_id=staff.subject_id,
        at=now,
        order_id=order_id,
        letters=totals.letters,
    )
    await session.flush()
    return order


def _envelope(entry: ManifestEntry, contacts: dict[uuid.UUID, ContactPayload]) -> Envelope:
    contact = contacts.get(entry.contact_id)
    address = contact.address if contact else None
    lines = tuple(
        line
        for line in (
            address.street if address else None,
            " ".join(p for p in (address.zip_code, address.city) if p) if address else None,
        )
        if line
    )
    return Envelope(
        number=entry.envelope,
        contact_id=entry.contact_id,
        recipient_name=contact.name if contact else "",
        address_lines=lines,
        country=(address.country if address else "DE") or "DE",
        pages=entry.page_count,
        sheets=entry.sheets,
        first_page=entry.first_page + 1,
        letter_ids=entry.letter_ids,
    )


def _excluded(failed: Sequence[Any]) -> list[dict[str, Any]]:
    return [
        {
            "letter_id": str(item.letter.letter_id),
            "contact_id": str(item.letter.contact_id),
            "codes": [f.code.value for f in item.failures],
            "messages": [f.message for f in item.failures],
        }
        for item in failed
    ]


def _history(state: ProviderOrder) -> list[dict[str, Any]]:
    return [
        {"state": change.state.value, "at": change.at.isoformat(), "note": change.note}
        for change in state.history
    ]


async def get(
    session: AsyncSession,
    *,
    account_id: uuid.UUID,
    serial_letter_id: uuid.UUID,
    order_id: uuid.UUID,
) -> DispatchOrder:
    order = await session.get(DispatchOrder, order_id)
    if (
        order is None
        or order.account_id != account_id
        or order.serial_letter_id != serial_letter_id
    ):
        raise order_not_found()
    return order


async def refresh(
    session: AsyncSession, order: DispatchOrder, *, storage: ObjectStorage, clock: Clock
) -> DispatchOrder:
    """The provider's current state of an open order (a provider that is away changes
    nothing: the last known state stays)."""
    if order.state not in OPEN_STATES:
        return order
    provider = provider_for(
        order.provider, storage=storage, clock=clock, account_id=order.account_id
    )
    try:
        state = await with_retries(lambda: provider.status(order.id), attempts=2, backoff=0.2)
    except ProviderUnavailable as error:
        order.last_error = error.message_de
        return order
    await _apply(session, order, state, now=clock.now())
    await session.flush()
    return order


async def _apply(
    session: AsyncSession, order: DispatchOrder, state: ProviderOrder, *, now: datetime
) -> None:
    """The provider's state into the order; a change is announced (the portal's webhook)."""
    previous = order.state
    order.state = state.state.value
    order.history = _history(state)
    order.last_error = None
    order.updated_at = now
    if previous != order.state:
        await announce_state(session, order, previous=previous, at=now)


async def announce_state(
    session: AsyncSession, order: DispatchOrder, *, previous: str | None, at: datetime
) -> None:
    await outbox.add(
        session,
        DispatchStateChanged(
            account_id=order.account_id,
            occurred_at=at,
            payload=DispatchStatePayload(
                order_id=order.id,
                serial_letter_id=order.serial_letter_id,
                provider=order.provider,
                state=order.state,
                previous_state=previous,
                changed_at=at,
                letters=order.letters,
                envelopes=order.envelopes,
                ordered_by=order.ordered_by,
            ),
        ),
    )


async def cancel(
    session: AsyncSession,
    *,
    staff: Principal,
    order: DispatchOrder,
    storage: ObjectStorage,
    clock: Clock,
) -> DispatchOrder:
    """Cancel while the provider allows; a refusal is a 409 with the provider's reason.
    Cancelling a cancelled order again changes nothing."""
    if order.state == "cancelled":
        return order
    provider = provider_for(
        order.provider, storage=storage, clock=clock, account_id=order.account_id
    )
    try:
        state = await with_retries(lambda: provider.cancel(order.id), attempts=3, backoff=0.5)
    except CancelRefused as refused:
        raise Conflict("cancel_refused", refused.message_de) from refused
    except ProviderUnavailable as error:
        raise UserError("provider_unavailable", error.message_de, status_code=503) from error
    now = clock.now()
    await _apply(session, order, state, now=now)
    order.cancelled_by, order.cancelled_at = staff.subject_id, now
    audit.record(
        session,
        account_id=order.account_id,
        serial_letter_id=order.serial_letter_id,
        action="cancelled",
        staff_id=staff.subject_id,
        at=now,
        order_id=order.id,
    )
    await session.flush()
    return order


async def orders_of(session: AsyncSession, *, serial_letter_id: uuid.UUID) -> list[DispatchOrder]:
    rows = await session.scalars(
        select(DispatchOrder)
        .where(DispatchOrder.serial_letter_id == serial_letter_id)
        .order_by(DispatchOrder.ordered_at.desc())
    )
    return list(rows)


async def audit_of(session: AsyncSession, *, serial_letter_id: uuid.UUID) -> list[DispatchAudit]:
    rows = await session.scalars(
        select(DispatchAudit)
        .where(DispatchAudit.serial_letter_id == serial_letter_id)
        .order_by(DispatchAudit.at, DispatchAudit.id)
    )
    return list(rows)


async def follow_open_orders(runtime: Runtime) -> None:
    """Worker of the service definition: ask the providers about every open order now and
    then, so state changes are recorded (and announced) without anyone looking."""
    interval = settings_of(runtime).dispatch_poll_interval_seconds
    while True:
        await follow_once(runtime)
        await asyncio.sleep(interval)


async def follow_once(runtime: Runtime) -> int:
    """One round; how many open orders were asked about."""
    async with runtime.sessionmaker() as session:
        ids = list(
            await session.scalars(
                select(DispatchOrder.id).where(DispatchOrder.state.in_(OPEN_STATES))
            )
        )
    for order_id in ids:
        async with runtime.sessionmaker() as session, session.begin():
            order = await session.get(DispatchOrder, order_id)
            if order is not None:
                await refresh(session, order, storage=runtime.storage, clock=runtime.clock)
    return len(ids)
