"""Staff endpoints of the paper side: /api/smartpost/settings, /serial-letters/{id}/dispatch."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, status

from hausportal.kit.app import StorageDep
from hausportal.kit.auth import CurrentStaff
from hausportal.kit.clock import ClockDep
from hausportal.kit.db import SessionDep
from hausportal.smartpost.deps import SettingsDep
from hausportal.smartpost.dispatch import download_links, orders, settings
from hausportal.smartpost.dispatch.orders import OrderRequest
from hausportal.smartpost.dispatch.schemas import (
    AuditOut,
    DispatchChoice,
    DownloadIn,
    DownloadOut,
    OptionCountOut,
    OrderButtonOut,
    OrderIn,
    OrderOut,
    OverviewOut,
)
from hausportal.smartpost.dispatch.settings import SettingsIn, SettingsOut
from hausportal.smartpost.serial_letters import service as serial_letters

router = APIRouter(tags=["dispatch"])


@router.get("/settings", summary="The account's SmartPost settings")
async def get_settings(session: SessionDep, staff: CurrentStaff) -> SettingsOut:
    return await settings.current(session, account_id=staff.account_id)


@router.put("/settings", summary="Change the SmartPost settings (admins)")
async def put_settings(
    body: SettingsIn, session: SessionDep, staff: CurrentStaff, clock: ClockDep
) -> SettingsOut:
    return await settings.change(session, staff=staff, wanted=body, now=clock.now())


@router.post(
    "/serial-letters/{serial_letter_id}/dispatch/overview",
    summary="Letters, envelopes and sheets of each recipient filter, and the order button",
)
async def dispatch_overview(
    serial_letter_id: uuid.UUID,
    body: DispatchChoice,
    session: SessionDep,
    staff: CurrentStaff,
    storage: StorageDep,
    clock: ClockDep,
) -> OverviewOut:
    options = body.options()
    counts = await orders.overview(
        session,
        staff=staff,
        serial_letter_id=serial_letter_id,
        options=options,
        merge=body.merge,
        selection=body.selection(),
    )
    button = await orders.order_button(
        session,
        staff=staff,
        serial_letter_id=serial_letter_id,
        chosen=next(c for c in counts if c.filter == body.filter),
        options=options,
        storage=storage,
        clock=clock,
    )
    return OverviewOut(
        counts=[OptionCountOut(**vars(count)) for count in counts],
        order_button=OrderButtonOut(**vars(button)),
    )


@router.get(
    "/serial-letters/{serial_letter_id}/dispatch/audit",
    summary="Who ordered, cancelled, asked for download links, and when",
)
async def dispatch_audit(
    serial_letter_id: uuid.UUID, session: SessionDep, staff: CurrentStaff
) -> list[AuditOut]:
    await serial_letters.get(
        session, account_id=staff.account_id, serial_letter_id=serial_letter_id
    )
    rows = await orders.audit_of(session, serial_letter_id=serial_letter_id)
    return [AuditOut.of(row) for row in rows]


@router.post(
    "/serial-letters/{serial_letter_id}/dispatch/orders",
    status_code=status.HTTP_201_CREATED,
    summary="Check the letters and order them by post (the same request_id: the same order)",
)
async def place_order(
    serial_letter_id: uuid.UUID,
    body: OrderIn,
    session: SessionDep,
    staff: CurrentStaff,
    storage: StorageDep,
    clock: ClockDep,
    settings: SettingsDep,
) -> OrderOut:
    order = await orders.place(
        session,
        staff=staff,
        serial_letter_id=serial_letter_id,
        request=OrderRequest(
            request_id=body.request_id,
            how=body.filter,
            selection=body.selection(),
            options=body.options(),
            merge=body.merge,
        ),
        storage=storage,
        clock=clock,
        work_dir=settings.work_dir,
    )
    return OrderOut.of(order)


@router.get(
    "/serial-letters/{serial_letter_id}/dispatch/orders", summary="The orders, newest first"
)
async def list_orders(
    serial_letter_id: uuid.UUID,
    session: SessionDep,
    staff: CurrentStaff,
    storage: StorageDep,
    clock: ClockDep,
) -> list[OrderOut]:
    await serial_letters.get(
        session, account_id=staff.account_id, serial_letter_id=serial_letter_id
    )
    found = await orders.orders_of(session, serial_letter_id=serial_letter_id)
    return [
        OrderOut.of(await orders.refresh(session, order, storage=storage, clock=clock))
        for order in found
    ]


@router.post(
    "/serial-letters/{serial_letter_id}/dispatch/orders/{order_id}/cancel",
    summary="Cancel an order while the provider allows it",
)
async def cancel_order(
    serial_letter_id: uuid.UUID,
    order_id: uuid.UUID,
    session: SessionDep,
    staff: CurrentStaff,
    storage: StorageDep,
    clock: ClockDep,
) -> OrderOut:
    order = await orders.get(
        session, account_id=staff.account_id, serial_letter_id=serial_letter_id, order_id=order_id
    )
    order = await orders.cancel(session, staff=staff, order=order, storage=storage, clock=clock)
    return OrderOut.of(order)


@router.post(
    "/serial-letters/{serial_letter_id}/download-link",
    status_code=status.HTTP_202_ACCEPTED,
    summary="The PDF/A file of the (filtered) serial letter, built in the background; the "
    "link is e-mailed (to the approvers when download approval is on)",
)
async def request_download_link(
    serial_letter_id: uuid.UUID,
    body: DownloadIn,
    session: SessionDep,
    staff: CurrentStaff,
    clock: ClockDep,
) -> DownloadOut:
    row = await download_links.request(
        session,
        staff=staff,
        serial_letter_id=serial_letter_id,
        how=body.filter,
        selection=body.selection(),
        now=clock.now(),
    )
    return DownloadOut.of(row)
