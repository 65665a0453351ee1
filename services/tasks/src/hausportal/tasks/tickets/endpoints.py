"""Tickets for staff and residents alike (/api/tasks/tickets): what a caller gets is decided
by who it is; a ticket the caller may not see is 404."""

from __future__ import annotations

import json
import uuid
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Query, Response, UploadFile, status
from fastapi.responses import StreamingResponse
from sqlalchemy.ext.asyncio import AsyncSession

from hausportal.contracts.tasks import TaskStatus
from hausportal.kit.app import StorageDep
from hausportal.kit.auth import CurrentPrincipal, CurrentStaff, Principal, get_staff
from hausportal.kit.clock import ClockDep
from hausportal.kit.db import SessionDep
from hausportal.kit.errors import Invalid, NotFound
from hausportal.kit.paging import Page, PageDep
from hausportal.kit.storage.port import content_disposition
from hausportal.tasks.deps import SettingsDep
from hausportal.tasks.models import directory
from hausportal.tasks.tickets import files, service, views
from hausportal.tasks.tickets.pdf import ticket_pdf
from hausportal.tasks.tickets.repository import TicketFilter
from hausportal.tasks.tickets.schemas import (
    AssigneeIn,
    CommentIn,
    LinkIn,
    StatusIn,
    TicketDetailOut,
    TicketOut,
)
from hausportal.tasks.tickets.service import Found, NewTicket

router = APIRouter(tags=["tickets"])


async def _detail(session: AsyncSession, found: Found, principal: Principal) -> TicketDetailOut:
    return await views.detail_of(
        session,
        ticket=found.ticket,
        linked=found.linked,
        with_internal=principal.is_staff,
        can_reopen=found.may_reopen(principal),
    )


def _field_values(raw: str | None) -> dict[str, Any]:
    try:
        values = json.loads(raw) if raw and raw.strip() else {}
    except json.JSONDecodeError:
        values = None
    if not isinstance(values, dict):
        raise Invalid(
            "invalid_field_values",
            "Die Angaben zum Anliegen (field_values) müssen ein JSON-Objekt sein, z. B. "
            '{"ort": "Küche"}.',
        )
    return values


@router.post(
    "/tickets",
    status_code=status.HTTP_201_CREATED,
    summary="Report a ticket (a resident for itself, staff on behalf of a contact)",
)
async def create_ticket(
    session: SessionDep,
    principal: CurrentPrincipal,
    storage: StorageDep,
    settings: SettingsDep,
    clock: ClockDep,
    ticket_type_id: Annotated[uuid.UUID, Form()],
    title: Annotated[str, Form(min_length=1, max_length=200)],
    description: Annotated[str, Form(min_length=1, max_length=10000)],
    property_id: Annotated[uuid.UUID, Form()],
    unit_id: Annotated[uuid.UUID | None, Form(description="A unit of the property")] = None,
    field_values: Annotated[
        str | None, Form(description='The custom fields as JSON: {"ort": "Küche"}')
    ] = None,
    reporter_contact_id: Annotated[uuid.UUID | None, Form(description="Staff only")] = None,
    assignee_staff_id: Annotated[uuid.UUID | None, Form(description="Staff only")] = None,
    upload: Annotated[
        list[UploadFile] | None, File(alias="files", description="Photos or PDF files")
    ] = None,
) -> TicketDetailOut:
    found = await service.create(
        session,
        principal=principal,
        storage=storage,
        new=NewTicket(
            ticket_type_id=ticket_type_id,
            title=title.strip() or title,
            description=description.strip() or description,
            property_id=property_id,
            unit_id=unit_id,
            field_values=_field_values(field_values),
            reporter_contact_id=reporter_contact_id,
            assignee_staff_id=assignee_staff_id,
        ),
        uploads=upload or [],
        max_bytes=settings.max_upload_bytes,
        now=clock.now(),
    )
    return await _detail(session, found, principal)


@router.get("/tickets", summary="Tickets: staff the account's, a resident its own and linked")
async def list_tickets(
    session: SessionDep,
    principal: CurrentPrincipal,
    clock: ClockDep,
    page: PageDep,
    status_: Annotated[TaskStatus | None, Query(alias="status")] = None,
    property_id: uuid.UUID | None = None,
    assignee_staff_id: uuid.UUID | None = None,
    ticket_type_id: uuid.UUID | None = None,
    q: Annotated[
        str | None, Query(max_length=200, description="Part of number, title or description")
    ] = None,
) -> Page[TicketOut]:
    where = TicketFilter(
        status=status_,
        property_id=property_id,
        assignee_staff_id=assignee_staff_id,
        ticket_type_id=ticket_type_id,
        q=q,
    )
    tickets, total = await service.search(
        session, principal=principal, where=where, page=page, now=clock.now()
    )
    names = await views.names_for(session, account_id=principal.account_id, tickets=tickets)
    items = [views.summary_of(t, names) for t in tickets]
    return Page[TicketOut].of(items, total=total, params=page)


@router.get("/tickets/{ticket_id}", summary="One ticket with its history")
async def get_ticket(
    ticket_id: uuid.UUID, session: SessionDep, principal: CurrentPrincipal, clock: ClockDep
) -> TicketDetailOut:
    found = await service.find(session, principal=principal, ticket_id=ticket_id, now=clock.now())
    return await _detail(session, found, principal)


@router.post("/tickets/{ticket_id}/comments", summary="Comment (staff also internally)")
async def comment_ticket(
    ticket_id: uuid.UUID,
    body: CommentIn,
    session: SessionDep,
    principal: CurrentPrincipal,
    clock: ClockDep,
) -> TicketDetailOut:
    found = await service.comment(
        session,
        principal=principal,
        ticket_id=ticket_id,
        text=body.text,
        internal=body.internal,
        now=clock.now(),
    )
    return await _detail(session, found, principal)


@router.post("/tickets/{ticket_id}/status", summary="Set the status (staff)")
async def set_ticket_status(
    ticket_id: uuid.UUID, body: StatusIn, session: SessionDep, staff: CurrentStaff, clock: ClockDep
) -> TicketDetailOut:
    found = await service.set_status(
        session, staff=staff, ticket_id=ticket_id, wanted=body.status, now=clock.now()
    )
    return await _detail(session, found, staff)


@router.post("/tickets/{ticket_id}/reopen", summary="Open a done ticket again (staff, reporter)")
async def reopen_ticket(
    ticket_id: uuid.UUID, session: SessionDep, principal: CurrentPrincipal, clock: ClockDep
) -> TicketDetailOut:
    found = await service.reopen(session, principal=principal, ticket_id=ticket_id, now=clock.now())
    return await _detail(session, found, principal)


@router.put("/tickets/{ticket_id}/assignee", summary="Who is responsible (staff)")
async def assign_ticket(
    ticket_id: uuid.UUID,
    body: AssigneeIn,
    session: SessionDep,
    staff: CurrentStaff,
    clock: ClockDep,
) -> TicketDetailOut:
    found = await service.assign(
        session, staff=staff, ticket_id=ticket_id, staff_id=body.staff_id, now=clock.now()
    )
    return await _detail(session, found, staff)


@router.post("/tickets/{ticket_id}/contacts", summary="Link a further contact (staff)")
async def link_contact(
    ticket_id: uuid.UUID, body: LinkIn, session: SessionDep, staff: CurrentStaff, clock: ClockDep
) -> TicketDetailOut:
    found = await service.link_contact(
        session, staff=staff, ticket_id=ticket_id, contact_id=body.contact_id, now=clock.now()
    )
    return await _detail(session, found, staff)


@router.delete("/tickets/{ticket_id}/contacts/{contact_id}", summary="Unlink a contact (staff)")
async def unlink_contact(
    ticket_id: uuid.UUID,
    contact_id: uuid.UUID,
    session: SessionDep,
    staff: CurrentStaff,
    clock: ClockDep,
) -> TicketDetailOut:
    found = await service.unlink_contact(
        session, staff=staff, ticket_id=ticket_id, contact_id=contact_id, now=clock.now()
    )
    return await _detail(session, found, staff)


@router.post(
    "/tickets/{ticket_id}/attachments",
    status_code=status.HTTP_201_CREATED,
    summary="Add photos or files",
)
async def add_attachments(
    ticket_id: uuid.UUID,
    session: SessionDep,
    principal: CurrentPrincipal,
    storage: StorageDep,
    settings: SettingsDep,
    clock: ClockDep,
    upload: Annotated[list[UploadFile], File(alias="files", description="Photos or PDF files")],
) -> TicketDetailOut:
    found = await service.add_files(
        session,
        principal=principal,
        storage=storage,
        ticket_id=ticket_id,
        uploads=upload,
        max_bytes=settings.max_upload_bytes,
        now=clock.now(),
    )
    return await _detail(session, found, principal)


@router.get("/tickets/{ticket_id}/attachments/{attachment_id}", summary="A photo or file")
async def attachment_content(
    ticket_id: uuid.UUID,
    attachment_id: uuid.UUID,
    session: SessionDep,
    principal: CurrentPrincipal,
    storage: StorageDep,
    clock: ClockDep,
) -> StreamingResponse:
    stored = await service.attachment(
        session,
        principal=principal,
        ticket_id=ticket_id,
        attachment_id=attachment_id,
        now=clock.now(),
    )
    response = await files.download(storage, stored)
    if response is None:
        raise NotFound("attachment_not_found", "Die Datei wurde nicht gefunden.")
    return response


@router.get(
    "/tickets/{ticket_id}/pdf",
    summary="The history as a printable PDF (staff may include internal comments)",
    response_class=Response,
    responses={200: {"content": {"application/pdf": {}}}},
)
async def ticket_as_pdf(
    ticket_id: uuid.UUID,
    session: SessionDep,
    principal: CurrentPrincipal,
    clock: ClockDep,
    internal: Annotated[bool, Query(description="Staff only: with internal comments")] = False,
) -> Response:
    if internal:
        get_staff(principal)
    found = await service.find(session, principal=principal, ticket_id=ticket_id, now=clock.now())
    detail = await views.detail_of(
        session,
        ticket=found.ticket,
        linked=found.linked,
        with_internal=internal,
        can_reopen=False,
    )
    account_name = await directory.account_name(session, account_id=principal.account_id)
    content = ticket_pdf(detail, account_name=account_name, with_internal=internal)
    suffix = "-intern" if internal else ""
    return Response(
        content,
        media_type="application/pdf",
        headers={
            "Content-Disposition": content_disposition(f"Vorgang-{detail.number}{suffix}.pdf")
        },
    )
