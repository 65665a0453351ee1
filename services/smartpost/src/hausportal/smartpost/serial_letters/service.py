"""Staff work on serial letters: create, change, upload and order files, ask for a split,
decide about letters the engine could not assign."""

from __future__ import annotations

import asyncio
import contextlib
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from fastapi import UploadFile
from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from hausportal.kit.auth import Principal
from hausportal.kit.downloads import save_to_file
from hausportal.kit.errors import Conflict, Invalid, NotFound
from hausportal.kit.paging import PageParams
from hausportal.kit.storage.port import ObjectStorage
from hausportal.kit.uploads import StoredUpload, discard, store_uploads
from hausportal.smartpost.engine import (
    InvalidPdf,
    RecipientCircle,
    SplitMode,
    SplitOptions,
    SplitOptionsInvalid,
    inspect_pdf,
)
from hausportal.smartpost.engine.assignment import check_options
from hausportal.smartpost.models import (
    Decision,
    JobState,
    Letter,
    LetterState,
    SerialLetter,
    SerialLetterStatus,
    SourceFile,
    SplitJob,
    directory,
)

FALLBACK_NAME = "Serienbrief.pdf"


def serial_letter_not_found() -> NotFound:
    return NotFound("serial_letter_not_found", "Der Serienbrief wurde nicht gefunden.")


def letter_not_found() -> NotFound:
    return NotFound("letter_not_found", "Der Brief wurde nicht gefunden.")


def _key(account_id: uuid.UUID, serial_letter_id: uuid.UUID, *parts: str) -> str:
    return "/".join((str(account_id), "smartpost", str(serial_letter_id), *parts))


def source_key(account_id: uuid.UUID, serial_letter_id: uuid.UUID, file_id: uuid.UUID) -> str:
    return _key(account_id, serial_letter_id, "files", f"{file_id}.pdf")


def split_key(account_id: uuid.UUID, serial_letter_id: uuid.UUID, job_id: uuid.UUID) -> str:
    """Prefix of one split's letter files and print file."""
    return _key(account_id, serial_letter_id, "splits", str(job_id))


def serial_letter_prefix(account_id: uuid.UUID, serial_letter_id: uuid.UUID) -> str:
    return _key(account_id, serial_letter_id) + "/"


# ------------------------------------------------------------------------ serial letters


@dataclass(frozen=True, kw_only=True)
class SerialLetterFields:
    title: str
    document_type: str
    circle: RecipientCircle
    property_id: uuid.UUID | None


async def _check_property(
    session: AsyncSession, *, account_id: uuid.UUID, property_id: uuid.UUID | None
) -> None:
    if property_id is None:
        return
    if await directory.property(session, account_id=account_id, property_id=property_id) is None:
        raise Invalid("unknown_property", "Die Liegenschaft wurde nicht gefunden.")


async def create(
    session: AsyncSession, *, staff: Principal, fields: SerialLetterFields, now: datetime
) -> SerialLetter:
    await _check_property(session, account_id=staff.account_id, property_id=fields.property_id)
    serial_letter = SerialLetter(
        id=uuid.uuid4(),
        account_id=staff.account_id,
        title=fields.title,
        document_type=fields.document_type,
        circle=fields.circle.value,
        property_id=fields.property_id,
        status=SerialLetterStatus.draft.value,
        notify_now=False,
        created_by=staff.subject_id,
        created_at=now,
        updated_at=now,
    )
    session.add(serial_letter)
    await session.flush()
    return serial_letter


async def get(
    session: AsyncSession, *, account_id: uuid.UUID, serial_letter_id: uuid.UUID
) -> SerialLetter:
    serial_letter = await session.get(SerialLetter, serial_letter_id)
    if serial_letter is None or serial_letter.account_id != account_id:
        raise serial_letter_not_found()
    return serial_letter


async def editable(
    session: AsyncSession, *, account_id: uuid.UUID, serial_letter_id: uuid.UUID
) -> SerialLetter:
    """The serial letter, if its files and letters may still change (not published)."""
    serial_letter = await get(session, account_id=account_id, serial_letter_id=serial_letter_id)
    if serial_letter.status == SerialLetterStatus.published:
        raise Conflict(
            "serial_letter_published",
            "Der Serienbrief ist bereits veröffentlicht und kann nicht mehr geändert werden.",
        )
    if serial_letter.status == SerialLetterStatus.deleted:
        raise serial_letter_not_found()
    return serial_letter


async def change(
    session: AsyncSession,
    *,
    staff: Principal,
    serial_letter_id: uuid.UUID,
    title: str | None,
    document_type: str | None,
    circle: RecipientCircle | None,
    property_id: uuid.UUID | None,
    property_given: bool,
    now: datetime,
) -> SerialLetter:
    serial_letter = await editable(
        session, account_id=staff.account_id, serial_letter_id=serial_letter_id
    )
    if title is not None:
        serial_letter.title = title
    if document_type is not None:
        serial_letter.document_type = document_type
    rescope = False
    if circle is not None and circle.value != serial_letter.circle:
        serial_letter.circle, rescope = circle.value, True
    if property_given and property_id != serial_letter.property_id:
        await _check_property(session, account_id=staff.account_id, property_id=property_id)
        serial_letter.property_id, rescope = property_id, True
    if rescope:
        # Other candidates: the letters must be split (assigned) again.
        await _back_to_draft(session, serial_letter, now=now)
    serial_letter.updated_at = now
    await session.flush()
    return serial_letter


async def search(
    session: AsyncSession, *, account_id: uuid.UUID, page: PageParams, include_deleted: bool
) -> tuple[list[SerialLetter], int]:
    where = [SerialLetter.account_id == account_id]
    if not include_deleted:
        where.append(SerialLetter.status != SerialLetterStatus.deleted.value)
    total = await session.scalar(select(func.count()).select_from(SerialLetter).where(*where))
    rows = await session.scalars(
        select(SerialLetter)
        .where(*where)
        .order_by(SerialLetter.created_at.desc(), SerialLetter.id)
        .offset(page.offset)
        .limit(page.limit)
    )
    return list(rows), int(total or 0)


async def _back_to_draft(
    session: AsyncSession, serial_letter: SerialLetter, *, now: datetime
) -> None:
    """Files or scope changed: the last split no longer fits; a running one is stopped."""
    if serial_letter.status == SerialLetterStatus.split:
        serial_letter.status = SerialLetterStatus.draft.value
    await cancel_jobs(session, serial_letter_id=serial_letter.id, now=now)


async def cancel_jobs(session: AsyncSession, *, serial_letter_id: uuid.UUID, now: datetime) -> None:
    await session.execute(
        update(SplitJob)
        .where(
            SplitJob.serial_letter_id == serial_letter_id,
            SplitJob.state.in_([JobState.queued.value, JobState.running.value]),
        )
        .values(state=JobState.cancelled.value, finished_at=now, lease_until=None)
    )


# -------------------------------------------------------------------------------- files


async def files_of(session: AsyncSession, *, serial_letter_id: uuid.UUID) -> list[SourceFile]:
    rows = await session.scalars(
        select(SourceFile)
        .where(SourceFile.serial_letter_id == serial_letter_id)
        .order_by(SourceFile.position, SourceFile.uploaded_at)
    )
    return list(rows)


async def add_files(
    session: AsyncSession,
    *,
    storage: ObjectStorage,
    staff: Principal,
    serial_letter_id: uuid.UUID,
    uploads: Sequence[UploadFile],
    max_bytes: int,
    work_dir: Path,
    now: datetime,
) -> list[SourceFile]:
    """Store PDFs after the files already there. Each must be a readable, unencrypted PDF
    with pages; if one is not, none of them stays (422 naming the file and the problem)."""
    if not uploads:
        raise Invalid("no_files", "Bitte wählen Sie mindestens eine PDF-Datei aus.")
    account_id = staff.account_id
    serial_letter = await editable(
        session, account_id=account_id, serial_letter_id=serial_letter_id
    )
    stored = await store_uploads(
        storage,
        uploads,
        key_of=lambda file_id: source_key(account_id, serial_letter_id, file_id),
        max_bytes=max_bytes,
        fallback_name=FALLBACK_NAME,
        metadata={"account-id": str(account_id)},
    )
    try:
        page_counts = [await _page_count(storage, file, work_dir) for file in stored]
        position = await session.scalar(
            select(func.coalesce(func.max(SourceFile.position), -1)).where(
                SourceFile.serial_letter_id == serial_letter_id
            )
        )
        added = []
        for offset, (file, pages) in enumerate(zip(stored, page_counts, strict=True)):
            added.append(
                SourceFile(
                    id=file.id,
                    account_id=account_id,
                    serial_letter_id=serial_letter_id,
                    position=int(position) + 1 + offset,
                    file_name=file.file_name,
                    object_key=file.stored.key,
                    size=file.stored.size,
                    sha256=file.stored.sha256,
                    page_count=pages,
                    uploaded_by=staff.subject_id,
                    uploaded_at=now,
                )
            )
        session.add_all(added)
        await _back_to_draft(session, serial_letter, now=now)
        serial_letter.updated_at = now
        await session.flush()
    except BaseException:
        await discard(storage, [file.stored.key for file in stored])
        raise
    return added


async def local_copies(
    storage: ObjectStorage, files: Sequence[SourceFile], work: Path
) -> list[Path]:
    """The serial letter's files streamed into ``work`` (created), in their order: what the
    engine reads (a split, an order's print file, a download file)."""
    await asyncio.to_thread(work.mkdir, parents=True, exist_ok=True)
    paths = []
    for file in files:
        path = work / f"{file.id}.pdf"
        await save_to_file(storage, file.object_key, path)
        paths.append(path)
    return paths


async def _page_count(storage: ObjectStorage, file: StoredUpload, work_dir: Path) -> int:
    """Check the stored upload as the split will read it: from a local copy."""
    await asyncio.to_thread(work_dir.mkdir, parents=True, exist_ok=True)
    path = work_dir / f"upload-{file.id}.pdf"
    try:
        await save_to_file(storage, file.stored.key, path)
        info = await asyncio.to_thread(inspect_pdf, path, file.file_name)
    except InvalidPdf as error:
        raise Invalid(
            f"pdf_{error.reason.value}",
            error.message,
            file_name=file.file_name,
            reason=error.reason.value,
        ) from None
    finally:
        with contextlib.suppress(FileNotFoundError):
            path.unlink()
    return info.page_count


async def order_files(
    session: AsyncSession,
    *,
    staff: Principal,
    serial_letter_id: uuid.UUID,
    file_ids: Sequence[uuid.UUID],
    now: datetime,
) -> list[SourceFile]:
    """Put the files in this order (the first is the letters file)."""
    serial_letter = await editable(
        session, account_id=staff.account_id, serial_letter_id=serial_letter_id
    )
    files = await files_of(session, serial_letter_id=serial_letter_id)
    by_id = {file.id: file for file in files}
    if len(file_ids) != len(by_id) or set(file_ids) != set(by_id):
        raise Invalid(
            "file_order_incomplete",
            "Bitte geben Sie die Reihenfolge aller Dateien des Serienbriefs an, jede einmal.",
        )
    if [file.id for file in files] != list(file_ids):
        for position, file_id in enumerate(file_ids):
            by_id[file_id].position = position
        await _back_to_draft(session, serial_letter, now=now)
        serial_letter.updated_at = now
        await session.flush()
    return [by_id[file_id] for file_id in file_ids]


async def remove_file(
    session: AsyncSession,
    *,
    storage: ObjectStorage,
    staff: Principal,
    serial_letter_id: uuid.UUID,
    file_id: uuid.UUID,
    now: datetime,
) -> None:
    serial_letter = await editable(
        session, account_id=staff.account_id, serial_letter_id=serial_letter_id
    )
    file = await session.get(SourceFile, file_id)
    if file is None or file.serial_letter_id != serial_letter_id:
        raise NotFound("file_not_found", "Die Datei wurde nicht gefunden.")
    await session.delete(file)
    await _back_to_draft(session, serial_letter, now=now)
    serial_letter.updated_at = now
    await session.flush()
    # After the row is gone the object is not needed; a failure leaves only an orphan the
    # purge of the serial letter removes.
    with contextlib.suppress(Exception):
        await storage.delete(file.object_key)


# -------------------------------------------------------------------------------- split


@dataclass(frozen=True, kw_only=True)
class SplitRequest:
    mode: SplitMode = SplitMode.address_window
    pages_per_letter: int | None = None
    separator_text: str | None = None
    separator_position: str = "first"
    include_archived: bool = False


def options_of(serial_letter: SerialLetter) -> SplitOptions:
    """The engine's options: the serial letter's scope plus the last split request."""
    stored = serial_letter.split_options or {}
    return SplitOptions(
        mode=SplitMode(stored.get("mode", SplitMode.address_window.value)),
        pages_per_letter=stored.get("pages_per_letter"),
        separator_text=stored.get("separator_text"),
        separator_position=stored.get("separator_position", "first"),
        property_id=serial_letter.property_id,
        circle=RecipientCircle(serial_letter.circle),
        include_archived=bool(stored.get("include_archived", False)),
    )


async def request_split(
    session: AsyncSession,
    *,
    staff: Principal,
    serial_letter_id: uuid.UUID,
    request: SplitRequest,
    now: datetime,
) -> SplitJob:
    """Queue a split of the current files (a running one for older files is stopped)."""
    serial_letter = await editable(
        session, account_id=staff.account_id, serial_letter_id=serial_letter_id
    )
    if not await files_of(session, serial_letter_id=serial_letter_id):
        raise Invalid("no_files", "Bitte laden Sie zuerst die PDF-Datei mit den Briefen hoch.")
    serial_letter.split_options = {
        "mode": request.mode.value,
        "pages_per_letter": request.pages_per_letter,
        "separator_text": request.separator_text,
        "separator_position": request.separator_position,
        "include_archived": request.include_archived,
    }
    try:
        check_options(options_of(serial_letter))
    except SplitOptionsInvalid as error:
        raise Invalid("split_options_invalid", str(error)) from None
    await _back_to_draft(session, serial_letter, now=now)
    job = SplitJob(
        id=uuid.uuid4(),
        account_id=staff.account_id,
        serial_letter_id=serial_letter_id,
        state=JobState.queued.value,
        pages_done=0,
        pages_total=0,
        attempts=0,
        requested_by=staff.subject_id,
        created_at=now,
    )
    session.add(job)
    serial_letter.split_job_id = job.id
    serial_letter.updated_at = now
    await session.flush()
    return job


async def latest_job(session: AsyncSession, serial_letter: SerialLetter) -> SplitJob | None:
    if serial_letter.split_job_id is None:
        return None
    return await session.get(SplitJob, serial_letter.split_job_id)


# ------------------------------------------------------------------------------ letters


async def letters_of(session: AsyncSession, *, serial_letter_id: uuid.UUID) -> list[Letter]:
    rows = await session.scalars(
        select(Letter).where(Letter.serial_letter_id == serial_letter_id).order_by(Letter.position)
    )
    return list(rows)


async def get_letter(
    session: AsyncSession,
    *,
    account_id: uuid.UUID,
    serial_letter_id: uuid.UUID,
    letter_id: uuid.UUID,
) -> Letter:
    await get(session, account_id=account_id, serial_letter_id=serial_letter_id)
    letter = await session.get(Letter, letter_id)
    if letter is None or letter.serial_letter_id != serial_letter_id:
        raise letter_not_found()
    return letter


@dataclass(frozen=True, kw_only=True)
class LetterDecision:
    """Staff's decision: assign to a contact (and unit), skip, or back to what was found."""

    action: str  # "assign", "skip", "reset"
    contact_id: uuid.UUID | None = None
    unit_id: uuid.UUID | None = None


async def decide(
    session: AsyncSession,
    *,
    staff: Principal,
    serial_letter_id: uuid.UUID,
    letter_id: uuid.UUID,
    decision: LetterDecision,
    now: datetime,
) -> Letter:
    serial_letter = await editable(
        session, account_id=staff.account_id, serial_letter_id=serial_letter_id
    )
    letter = await get_letter(
        session,
        account_id=staff.account_id,
        serial_letter_id=serial_letter_id,
        letter_id=letter_id,
    )
    if decision.action == "reset":
        letter.decision = None
        letter.contact_id = letter.found_contact_id
        letter.property_id = letter.found_property_id
        letter.unit_id = letter.found_unit_id
        letter.decided_by = letter.decided_at = None
    elif decision.action == "skip":
        letter.decision = Decision.skipped.value
        letter.decided_by, letter.decided_at = staff.subject_id, now
    else:
        if decision.contact_id is None:
            raise Invalid("contact_required", "Bitte wählen Sie den Kontakt für diesen Brief.")
        property_id, unit_id = await _unit_for(
            session,
            serial_letter=serial_letter,
            contact_id=decision.contact_id,
            unit_id=decision.unit_id,
        )
        letter.decision = Decision.assigned.value
        letter.contact_id = decision.contact_id
        letter.property_id, letter.unit_id = property_id, unit_id
        letter.decided_by, letter.decided_at = staff.subject_id, now
    await session.flush()
    return letter


async def _unit_for(
    session: AsyncSession,
    *,
    serial_letter: SerialLetter,
    contact_id: uuid.UUID,
    unit_id: uuid.UUID | None,
) -> tuple[uuid.UUID, uuid.UUID]:
    """The property and unit a letter for ``contact_id`` is filed under: one of the units the
    contact has a contract on (in the serial letter's property, when it has one)."""
    account_id = serial_letter.account_id
    contact = await directory.contact(session, account_id=account_id, contact_id=contact_id)
    if contact is None:
        raise Invalid("unknown_contact", "Der Kontakt wurde nicht gefunden.")
    contract = directory.tables.contract
    rows = await session.execute(
        select(contract.c.unit_id, contract.c.property_id).where(
            contract.c.account_id == account_id, contract.c.contact_id == contact_id
        )
    )
    units = {row.unit_id: row.property_id for row in rows}
    if serial_letter.property_id is not None:
        units = {u: p for u, p in units.items() if p == serial_letter.property_id}
    if not units:
        raise Invalid(
            "contact_without_unit",
            f"{contact.name} hat keinen Vertrag in "
            + ("dieser Liegenschaft." if serial_letter.property_id else "Ihren Liegenschaften.")
            + " Ein Brief wird immer einer Einheit zugeordnet.",
        )
    if unit_id is None:
        if len(units) > 1:
            raise Invalid(
                "unit_required",
                f"{contact.name} hat mehrere Einheiten. Bitte wählen Sie die Einheit des Briefs.",
                unit_ids=[str(u) for u in units],
            )
        unit_id = next(iter(units))
    if unit_id not in units:
        raise Invalid(
            "unit_not_of_contact",
            f"{contact.name} hat keinen Vertrag für diese Einheit.",
        )
    return units[unit_id], unit_id


def is_published(letter: Letter) -> bool:
    return letter.state == LetterState.published
