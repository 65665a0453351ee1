"""The split job: a background worker takes a queued split, runs the engine on local copies of
the files and stores the letters, reporting progress (pages done / total) in the database.

A job is claimed with a lease that the worker renews while it works. If the replica dies (or
is restarted) the lease runs out and a worker takes the job over and runs it from the start:
no split request is lost. A newer split request or a change of the files cancels a job; the
worker notices at its next progress report and stops.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import shutil
import threading
import uuid
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import delete, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from hausportal.kit.app import Runtime
from hausportal.kit.clock import Clock, today
from hausportal.kit.downloads import put_file
from hausportal.kit.storage.port import ObjectStorage
from hausportal.kit.uploads import discard
from hausportal.smartpost.deps import settings_of
from hausportal.smartpost.engine import (
    AssemblyResult,
    InvalidPdf,
    Progress,
    SplitResult,
    default_workers,
    split_and_assemble,
)
from hausportal.smartpost.engine import Letter as FoundLetter
from hausportal.smartpost.jobs import claim_next
from hausportal.smartpost.models import (
    Decision,
    JobState,
    Letter,
    LetterState,
    SerialLetter,
    SerialLetterStatus,
    SourceFile,
    SplitJob,
)
from hausportal.smartpost.serial_letters import service
from hausportal.smartpost.serial_letters.candidates import candidates
from hausportal.smartpost.settings import SmartpostSettings

log = logging.getLogger(__name__)

# How often a running job writes its progress and renews its lease.
REPORT_SECONDS = 1.0
# Letter files stored at the same time.
STORE_CONCURRENCY = 8

FAILED_MESSAGE = (
    "Die Aufteilung ist mehrmals fehlgeschlagen. Bitte versuchen Sie es später noch einmal; "
    "besteht das Problem weiter, wenden Sie sich an den Support."
)


class JobCancelled(Exception):
    """The job was cancelled (or taken over) while it ran."""


async def run_split_jobs(runtime: Runtime) -> None:
    """Worker of the service definition: run queued splits one after the other, for ever."""
    settings = settings_of(runtime)
    while True:
        job_id = await claim(runtime.sessionmaker, clock=runtime.clock, settings=settings)
        if job_id is None:
            await asyncio.sleep(settings.split_poll_interval_seconds)
            continue
        await run_job(runtime, job_id)


async def claim(
    sessionmaker: async_sessionmaker[AsyncSession], *, clock: Clock, settings: SmartpostSettings
) -> uuid.UUID | None:
    """Take the oldest queued job, or a running one whose lease ran out."""
    async with sessionmaker() as session, session.begin():
        job = await claim_next(
            session,
            SplitJob,
            now=clock.now(),
            lease=timedelta(seconds=settings.split_lease_seconds),
        )
        if job is None:
            return None
        job.pages_done = 0
        job.stage = "download"
        return job.id


@dataclass
class _Report:
    """What the engine's thread tells the reporting loop, and what that loop tells back."""

    stage: str = "download"
    done: int = 0
    total: int = 0
    cancelled: threading.Event = field(default_factory=threading.Event)

    def progress(self, progress: Progress) -> None:
        if self.cancelled.is_set():
            raise JobCancelled
        self.stage, self.done, self.total = progress.stage, progress.done, progress.total


async def run_job(runtime: Runtime, job_id: uuid.UUID) -> None:
    settings = settings_of(runtime)
    report = _Report()
    reporter = asyncio.create_task(_report_progress(runtime, job_id, report))
    work = settings.work_dir / f"split-{job_id}"
    stored: list[str] = []
    try:
        await _run(runtime, job_id, report, work, stored)
    except JobCancelled:
        log.info("split job %s cancelled", job_id)
        await discard(runtime.storage, stored)
    except InvalidPdf as error:
        await discard(runtime.storage, stored)
        await _finish(runtime, job_id, state=JobState.failed, error=error.message)
    except Exception:
        log.exception("split job %s failed", job_id)
        await discard(runtime.storage, stored)
        await _retry_or_fail(runtime, job_id, settings=settings)
    finally:
        reporter.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await reporter
        await asyncio.to_thread(shutil.rmtree, work, True)


async def _report_progress(runtime: Runtime, job_id: uuid.UUID, report: _Report) -> None:
    settings = settings_of(runtime)
    while True:
        await asyncio.sleep(REPORT_SECONDS)
        now = runtime.clock.now()
        async with runtime.sessionmaker() as session, session.begin():
            result = await session.execute(
                update(SplitJob)
                .where(SplitJob.id == job_id, SplitJob.state == JobState.running.value)
                .values(
                    stage=report.stage,
                    pages_done=report.done,
                    pages_total=report.total,
                    lease_until=now + timedelta(seconds=settings.split_lease_seconds),
                )
            )
        if result.rowcount == 0:  # type: ignore[attr-defined]
            report.cancelled.set()


@dataclass(frozen=True)
class _Inputs:
    job: SplitJob
    serial_letter: SerialLetter
    files: list[SourceFile]
    contacts: list[Any]


async def _load(runtime: Runtime, job_id: uuid.UUID) -> _Inputs:
    settings = settings_of(runtime)
    async with runtime.sessionmaker() as session:
        job = await session.get(SplitJob, job_id)
        if job is None or job.state != JobState.running:
            raise JobCancelled
        serial_letter = await session.get(SerialLetter, job.serial_letter_id)
        assert serial_letter is not None
        files = await service.files_of(session, serial_letter_id=serial_letter.id)
        contacts = await candidates(
            session,
            account_id=serial_letter.account_id,
            on=today(runtime.clock),
            contract_days=settings.candidate_contract_days,
        )
        session.expunge_all()
    return _Inputs(job, serial_letter, files, contacts)


async def _run(
    runtime: Runtime, job_id: uuid.UUID, report: _Report, work: Path, stored: list[str]
) -> None:
    settings = settings_of(runtime)
    inputs = await _load(runtime, job_id)
    if not inputs.files:
        raise JobCancelled
    paths = await service.local_copies(runtime.storage, inputs.files, work)
    report.total = inputs.files[0].page_count
    result, assembly = await asyncio.to_thread(
        split_and_assemble,
        paths[0],
        contacts=inputs.contacts,
        options=service.options_of(inputs.serial_letter),
        attachments=paths[1:],
        out_dir=work / "out",
        print_file=True,
        display_names={
            path: file.file_name for path, file in zip(paths, inputs.files, strict=True)
        },
        workers=settings.split_workers or default_workers(),
        progress=report.progress,
    )
    report.stage = "store"
    account_id, serial_letter_id = inputs.serial_letter.account_id, inputs.serial_letter.id
    prefix = service.split_key(account_id, serial_letter_id, job_id)
    letters = await _store_letters(
        runtime.storage, result, assembly, prefix=prefix, stored=stored, report=report
    )
    print_key = f"{prefix}/print.pdf"
    assert assembly.print_file is not None
    await put_file(
        runtime.storage, print_key, Path(assembly.print_file), content_type="application/pdf"
    )
    stored.append(print_key)
    if report.cancelled.is_set():
        raise JobCancelled
    old_keys = await _save(
        runtime,
        job_id,
        result=result,
        letters=letters,
        print_key=print_key,
        attachment_pages=assembly.attachment_pages,
    )
    # The previous split's files are not needed any more.
    await discard(runtime.storage, old_keys)


@dataclass(frozen=True)
class _StoredLetter:
    found: FoundLetter
    key: str
    size: int
    sha256: str
    total_pages: int


async def _store_letters(
    storage: ObjectStorage,
    result: SplitResult,
    assembly: AssemblyResult,
    *,
    prefix: str,
    stored: list[str],
    report: _Report,
) -> list[_StoredLetter]:
    files = {file.letter_index: file for file in assembly.letter_files}
    limit = asyncio.Semaphore(STORE_CONCURRENCY)
    report.done, report.total = 0, len(result.letters)

    async def store(letter: FoundLetter) -> _StoredLetter:
        file = files[letter.index]
        key = f"{prefix}/letter-{letter.index + 1:05d}.pdf"
        async with limit:
            if report.cancelled.is_set():
                raise JobCancelled
            object_ = await put_file(storage, key, Path(file.path), content_type="application/pdf")
            stored.append(key)
            report.done += 1
        return _StoredLetter(letter, key, object_.size, object_.sha256, file.page_count)

    return list(await asyncio.gather(*(store(letter) for letter in result.letters)))


async def _save(
    runtime: Runtime,
    job_id: uuid.UUID,
    *,
    result: SplitResult,
    letters: list[_StoredLetter],
    print_key: str,
    attachment_pages: int,
) -> list[str]:
    """Replace the serial letter's letters by the new ones, in one transaction; decisions
    staff made on a letter that came out the same (same fingerprint) are kept. Returns the
    keys of the previous split's objects."""
    now = runtime.clock.now()
    async with runtime.sessionmaker() as session, session.begin():
        job = await session.get(SplitJob, job_id, with_for_update=True)
        if job is None or job.state != JobState.running:
            raise JobCancelled
        serial_letter = await session.get(SerialLetter, job.serial_letter_id)
        assert serial_letter is not None
        old = await service.letters_of(session, serial_letter_id=serial_letter.id)
        kept = {
            letter.fingerprint: letter
            for letter in old
            if letter.decision is not None and letter.fingerprint
        }
        old_keys = [letter.object_key for letter in old]
        if serial_letter.print_file_key:
            old_keys.append(serial_letter.print_file_key)
        await session.execute(delete(Letter).where(Letter.serial_letter_id == serial_letter.id))
        session.add_all(
            _letter_row(serial_letter, stored, kept.get(stored.found.fingerprint))
            for stored in letters
        )
        serial_letter.status = SerialLetterStatus.split.value
        serial_letter.page_count = result.page_count
        serial_letter.print_file_key = print_key
        serial_letter.missing_contacts = [
            {
                "contact_id": str(m.contact_id),
                "name": m.name,
                "contact_number": m.contact_number,
                "unit_ids": [str(u) for u in m.unit_ids],
            }
            for m in result.missing_contacts
        ]
        serial_letter.updated_at = now
        job.state = JobState.done.value
        job.stage = None
        job.pages_done = job.pages_total = result.page_count
        job.finished_at = now
        job.lease_until = None
    log.info(
        "split job %s: %d pages into %d letters (%d attachment pages each)",
        job_id,
        result.page_count,
        len(letters),
        attachment_pages,
    )
    return old_keys


def _letter_row(
    serial_letter: SerialLetter, stored: _StoredLetter, earlier: Letter | None
) -> Letter:
    found = stored.found
    row = Letter(
        id=uuid.uuid4(),
        account_id=serial_letter.account_id,
        serial_letter_id=serial_letter.id,
        position=found.index,
        pages=list(found.pages),
        total_pages=stored.total_pages,
        method=found.method.value if found.method else None,
        identified_by=found.identified_by.value if found.identified_by else None,
        confidence=found.confidence,
        reason=found.reason,
        window_text=found.window_text,
        found_contact_id=found.contact_id,
        found_property_id=found.property_id,
        found_unit_id=found.unit_id,
        unit_options=[
            {
                "property_id": str(o.property_id),
                "unit_id": str(o.unit_id),
                "property_name": o.property_name,
                "unit_name": o.unit_name,
            }
            for o in found.unit_options
        ],
        problems=[
            {
                "kind": p.kind.value,
                "message": p.message,
                "pages": list(p.pages),
                "contact_ids": [str(c) for c in p.contact_ids],
            }
            for p in found.problems
        ],
        fingerprint=found.fingerprint,
        contact_id=found.contact_id,
        property_id=found.property_id,
        unit_id=found.unit_id,
        object_key=stored.key,
        size=stored.size,
        sha256=stored.sha256,
        state=LetterState.draft.value,
    )
    if earlier is not None:
        # The same letter as before: staff's decision still holds.
        row.decision = earlier.decision
        row.decided_by, row.decided_at = earlier.decided_by, earlier.decided_at
        if earlier.decision == Decision.assigned:
            row.contact_id = earlier.contact_id
            row.property_id, row.unit_id = earlier.property_id, earlier.unit_id
    return row


async def _finish(
    runtime: Runtime, job_id: uuid.UUID, *, state: JobState, error: str | None = None
) -> None:
    async with runtime.sessionmaker() as session, session.begin():
        await session.execute(
            update(SplitJob)
            .where(SplitJob.id == job_id, SplitJob.state == JobState.running.value)
            .values(
                state=state.value, error=error, finished_at=runtime.clock.now(), lease_until=None
            )
        )


async def _retry_or_fail(
    runtime: Runtime, job_id: uuid.UUID, *, settings: SmartpostSettings
) -> None:
    async with runtime.sessionmaker() as session, session.begin():
        job = await session.get(SplitJob, job_id)
        if job is None or job.state != JobState.running:
            return
        if job.attempts >= settings.split_max_attempts:
            job.state, job.error = JobState.failed.value, FAILED_MESSAGE
            job.finished_at = runtime.clock.now()
        else:
            job.state = JobState.queued.value
        job.lease_until = None
