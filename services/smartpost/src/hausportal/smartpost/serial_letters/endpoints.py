"""Staff endpoints of SmartPost: /api/smartpost/serial-letters and their files and letters."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, File, Query, Response, UploadFile, status
from fastapi.responses import StreamingResponse

from hausportal.kit.app import StorageDep
from hausportal.kit.auth import CurrentStaff
from hausportal.kit.clock import ClockDep
from hausportal.kit.db import SessionDep
from hausportal.kit.downloads import download_response
from hausportal.kit.errors import NotFound
from hausportal.kit.paging import Page, PageDep
from hausportal.kit.uploads import safe_file_name
from hausportal.smartpost.deps import SettingsDep
from hausportal.smartpost.dispatch import audit
from hausportal.smartpost.serial_letters import publishing, review, service
from hausportal.smartpost.serial_letters.schemas import (
    FileOrder,
    JobOut,
    LetterDecisionIn,
    LetterOut,
    PublishIn,
    SerialLetterChange,
    SerialLetterCreate,
    SerialLetterOut,
    SplitIn,
    WithdrawIn,
)
from hausportal.smartpost.serial_letters.service import (
    LetterDecision,
    SerialLetterFields,
    SplitRequest,
)

router = APIRouter(prefix="/serial-letters", tags=["serial letters"])


@router.post("", status_code=status.HTTP_201_CREATED, summary="Create a serial letter")
async def create_serial_letter(
    body: SerialLetterCreate, session: SessionDep, staff: CurrentStaff, clock: ClockDep
) -> SerialLetterOut:
    serial_letter = await service.create(
        session,
        staff=staff,
        fields=SerialLetterFields(
            title=body.title.strip(),
            document_type=body.document_type.strip(),
            circle=body.circle,
            property_id=body.property_id,
        ),
        now=clock.now(),
    )
    return await review.serial_letter_out(session, serial_letter)


@router.get("", summary="Serial letters of the account, newest first")
async def list_serial_letters(
    session: SessionDep,
    staff: CurrentStaff,
    page: PageDep,
    include_deleted: bool = False,
) -> Page[SerialLetterOut]:
    rows, total = await service.search(
        session, account_id=staff.account_id, page=page, include_deleted=include_deleted
    )
    items = [await review.serial_letter_out(session, row) for row in rows]
    return Page[SerialLetterOut].of(items, total=total, params=page)


@router.get("/{serial_letter_id}", summary="One serial letter: files, split progress, summary")
async def get_serial_letter(
    serial_letter_id: uuid.UUID, session: SessionDep, staff: CurrentStaff
) -> SerialLetterOut:
    serial_letter = await service.get(
        session, account_id=staff.account_id, serial_letter_id=serial_letter_id
    )
    return await review.serial_letter_out(session, serial_letter)


@router.patch("/{serial_letter_id}", summary="Change title, type or recipients (before publishing)")
async def change_serial_letter(
    serial_letter_id: uuid.UUID,
    body: SerialLetterChange,
    session: SessionDep,
    staff: CurrentStaff,
    clock: ClockDep,
) -> SerialLetterOut:
    serial_letter = await service.change(
        session,
        staff=staff,
        serial_letter_id=serial_letter_id,
        title=body.title.strip() if body.title else None,
        document_type=body.document_type.strip() if body.document_type else None,
        circle=body.circle,
        property_id=body.property_id,
        property_given="property_id" in body.model_fields_set,
        now=clock.now(),
    )
    return await review.serial_letter_out(session, serial_letter)


@router.delete(
    "/{serial_letter_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Delete (admins): every published letter disappears from the portal",
)
async def delete_serial_letter(
    serial_letter_id: uuid.UUID, session: SessionDep, staff: CurrentStaff, clock: ClockDep
) -> Response:
    await publishing.delete(
        session, staff=staff, serial_letter_id=serial_letter_id, now=clock.now()
    )
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post(
    "/{serial_letter_id}/files",
    status_code=status.HTTP_201_CREATED,
    summary="Upload PDFs: the first file holds the letters, later ones are attachments",
)
async def upload_files(
    serial_letter_id: uuid.UUID,
    files: Annotated[list[UploadFile], File(description="One or more PDF files")],
    session: SessionDep,
    staff: CurrentStaff,
    storage: StorageDep,
    settings: SettingsDep,
    clock: ClockDep,
) -> SerialLetterOut:
    await service.add_files(
        session,
        storage=storage,
        staff=staff,
        serial_letter_id=serial_letter_id,
        uploads=files,
        max_bytes=settings.max_upload_bytes,
        work_dir=settings.work_dir,
        now=clock.now(),
    )
    serial_letter = await service.get(
        session, account_id=staff.account_id, serial_letter_id=serial_letter_id
    )
    return await review.serial_letter_out(session, serial_letter)


@router.put("/{serial_letter_id}/files/order", summary="Change the order of the files")
async def order_files(
    serial_letter_id: uuid.UUID,
    body: FileOrder,
    session: SessionDep,
    staff: CurrentStaff,
    clock: ClockDep,
) -> SerialLetterOut:
    await service.order_files(
        session,
        staff=staff,
        serial_letter_id=serial_letter_id,
        file_ids=body.file_ids,
        now=clock.now(),
    )
    serial_letter = await service.get(
        session, account_id=staff.account_id, serial_letter_id=serial_letter_id
    )
    return await review.serial_letter_out(session, serial_letter)


@router.delete(
    "/{serial_letter_id}/files/{file_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Remove an uploaded file",
)
async def remove_file(
    serial_letter_id: uuid.UUID,
    file_id: uuid.UUID,
    session: SessionDep,
    staff: CurrentStaff,
    storage: StorageDep,
    clock: ClockDep,
) -> Response:
    await service.remove_file(
        session,
        storage=storage,
        staff=staff,
        serial_letter_id=serial_letter_id,
        file_id=file_id,
        now=clock.now(),
    )
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post(
    "/{serial_letter_id}/split",
    status_code=status.HTTP_202_ACCEPTED,
    summary="Split into letters and assign them, in the background (progress in the job)",
)
async def split(
    serial_letter_id: uuid.UUID,
    body: SplitIn,
    session: SessionDep,
    staff: CurrentStaff,
    clock: ClockDep,
) -> JobOut:
    job = await service.request_split(
        session,
        staff=staff,
        serial_letter_id=serial_letter_id,
        request=SplitRequest(
            mode=body.mode,
            pages_per_letter=body.pages_per_letter,
            separator_text=body.separator_text,
            separator_position=body.separator_position,
            include_archived=body.include_archived,
        ),
        now=clock.now(),
    )
    out = review._job(job)
    assert out is not None
    return out


@router.get("/{serial_letter_id}/letters", summary="The letters of the last split, for review")
async def list_letters(
    serial_letter_id: uuid.UUID,
    session: SessionDep,
    staff: CurrentStaff,
    needs_decision: Annotated[
        bool | None, Query(description="Only the letters that wait for staff")
    ] = None,
) -> list[LetterOut]:
    await service.get(session, account_id=staff.account_id, serial_letter_id=serial_letter_id)
    letters = await service.letters_of(session, serial_letter_id=serial_letter_id)
    if needs_decision is not None:
        letters = [letter for letter in letters if letter.open == needs_decision]
    return await review.letters_out(session, account_id=staff.account_id, letters=letters)


@router.patch(
    "/{serial_letter_id}/letters/{letter_id}",
    summary="Decide about a letter: assign it to a contact (and unit), skip it, or reset",
)
async def decide_letter(
    serial_letter_id: uuid.UUID,
    letter_id: uuid.UUID,
    body: LetterDecisionIn,
    session: SessionDep,
    staff: CurrentStaff,
    clock: ClockDep,
) -> LetterOut:
    letter = await service.decide(
        session,
        staff=staff,
        serial_letter_id=serial_letter_id,
        letter_id=letter_id,
        decision=LetterDecision(
            action=body.action, contact_id=body.contact_id, unit_id=body.unit_id
        ),
        now=clock.now(),
    )
    (out,) = await review.letters_out(session, account_id=staff.account_id, letters=[letter])
    return out


@router.get(
    "/{serial_letter_id}/letters/{letter_id}/content",
    summary="One letter as it goes to its contact (its pages plus the attachments)",
)
async def letter_content(
    serial_letter_id: uuid.UUID,
    letter_id: uuid.UUID,
    session: SessionDep,
    staff: CurrentStaff,
    storage: StorageDep,
    clock: ClockDep,
) -> StreamingResponse:
    serial_letter = await service.get(
        session, account_id=staff.account_id, serial_letter_id=serial_letter_id
    )
    letter = await service.get_letter(
        session,
        account_id=staff.account_id,
        serial_letter_id=serial_letter_id,
        letter_id=letter_id,
    )
    name = safe_file_name(
        f"{serial_letter.title} - Brief {letter.position + 1}.pdf", fallback="Brief.pdf"
    )
    response = await download_response(
        storage, letter.object_key, file_name=name, content_type="application/pdf", size=letter.size
    )
    if response is None:
        raise service.letter_not_found()
    audit.record(
        session,
        account_id=staff.account_id,
        serial_letter_id=serial_letter_id,
        action="downloaded",
        staff_id=staff.subject_id,
        at=clock.now(),
        what="letter",
        letter_id=str(letter_id),
    )
    return response


@router.get(
    "/{serial_letter_id}/print-file",
    summary="Every letter with its attachments in one PDF, in the order of the letters file",
)
async def print_file(
    serial_letter_id: uuid.UUID,
    session: SessionDep,
    staff: CurrentStaff,
    storage: StorageDep,
    clock: ClockDep,
) -> StreamingResponse:
    serial_letter = await service.get(
        session, account_id=staff.account_id, serial_letter_id=serial_letter_id
    )
    missing = NotFound("print_file_missing", "Der Serienbrief ist noch nicht aufgeteilt.")
    if serial_letter.print_file_key is None:
        raise missing
    info = await storage.stat(serial_letter.print_file_key)
    response = await download_response(
        storage,
        serial_letter.print_file_key,
        file_name=safe_file_name(f"{serial_letter.title} - Druckdatei.pdf", fallback="Druck.pdf"),
        content_type="application/pdf",
        size=info.size,
    )
    if response is None:
        raise missing
    audit.record(
        session,
        account_id=staff.account_id,
        serial_letter_id=serial_letter_id,
        action="downloaded",
        staff_id=staff.subject_id,
        at=clock.now(),
        what="print_file",
    )
    return response


@router.post("/{serial_letter_id}/publish", summary="Publish every ready letter to its contact")
async def publish(
    serial_letter_id: uuid.UUID,
    body: PublishIn,
    session: SessionDep,
    staff: CurrentStaff,
    clock: ClockDep,
) -> SerialLetterOut:
    serial_letter = await publishing.publish(
        session,
        staff=staff,
        serial_letter_id=serial_letter_id,
        notify_now=body.notify_now,
        now=clock.now(),
    )
    return await review.serial_letter_out(session, serial_letter)


@router.post(
    "/{serial_letter_id}/withdraw",
    summary="Withdraw published letters (admins): the given ones, or those of one unit",
)
async def withdraw(
    serial_letter_id: uuid.UUID,
    body: WithdrawIn,
    session: SessionDep,
    staff: CurrentStaff,
    clock: ClockDep,
) -> list[LetterOut]:
    letters = await publishing.withdraw(
        session,
        staff=staff,
        serial_letter_id=serial_letter_id,
        letter_ids=body.letter_ids,
        unit_id=body.unit_id,
        now=clock.now(),
    )
    return await review.letters_out(session, account_id=staff.account_id, letters=letters)
