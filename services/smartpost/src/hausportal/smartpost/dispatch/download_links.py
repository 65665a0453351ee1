"""Download links: the PDF/A version of a published serial letter (its letters after the
recipient filter, each followed by the attachments) built in the background, stored, and a
time-limited link e-mailed by notify. With the account's download approval on, the link goes
only to the approvers; otherwise to the staff member who asked."""

from __future__ import annotations

import asyncio
import logging
import shutil
import uuid
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from hausportal.contracts.smartpost import DownloadLinkPayload, DownloadLinkReady
from hausportal.kit.app import Runtime
from hausportal.kit.auth import Principal
from hausportal.kit.downloads import put_file
from hausportal.kit.errors import Conflict
from hausportal.kit.uploads import safe_file_name
from hausportal.smartpost.deps import settings_of
from hausportal.smartpost.dispatch import audit
from hausportal.smartpost.dispatch import settings as account_settings
from hausportal.smartpost.dispatch.orders import dispatch_letters, unit_names_of
from hausportal.smartpost.dispatch.recipients import RecipientFilter, Selection
from hausportal.smartpost.dispatch.service import batch, published
from hausportal.smartpost.engine import (
    PrintOptions,
    build_envelopes,
    plan_print,
    to_pdfa,
    write_print_file,
)
from hausportal.smartpost.jobs import QUEUED, RUNNING, claim_next
from hausportal.smartpost.models import (
    DownloadRequest,
    SerialLetter,
    directory,
    outbox,
)
from hausportal.smartpost.serial_letters import service as serial_letters

log = logging.getLogger(__name__)

LEASE = timedelta(minutes=5)
MAX_ATTEMPTS = 3
FAILED = "Die PDF-Datei konnte nicht erstellt werden. Bitte versuchen Sie es später noch einmal."


async def request(
    session: AsyncSession,
    *,
    staff: Principal,
    serial_letter_id: uuid.UUID,
    how: RecipientFilter,
    selection: Selection,
    now: datetime,
) -> DownloadRequest:
    """Queue the file; who will get the link is decided now, by the account's settings."""
    _, letters = await published(
        session, account_id=staff.account_id, serial_letter_id=serial_letter_id
    )
    chosen = await batch(
        session, account_id=staff.account_id, letters=letters, how=how, selection=selection
    )
    if not chosen.letters:
        raise Conflict("no_letters", "Nach dieser Auswahl enthält die Datei keinen Brief.")
    settings = await account_settings.current(session, account_id=staff.account_id)
    recipients = settings.approver_staff_ids if settings.download_approval else [staff.subject_id]
    row = DownloadRequest(
        id=uuid.uuid4(),
        account_id=staff.account_id,
        serial_letter_id=serial_letter_id,
        requested_by=staff.subject_id,
        recipient_filter=how.value,
        selection={
            "add": [str(c) for c in selection.add],
            "remove": [str(c) for c in selection.remove],
        },
        state=QUEUED,
        attempts=0,
        recipients=[str(r) for r in recipients],
        created_at=now,
    )
    session.add(row)
    audit.record(
        session,
        account_id=staff.account_id,
        serial_letter_id=serial_letter_id,
        action="download_link_requested",
        staff_id=staff.subject_id,
        at=now,
        request_id=str(row.id),
        filter=how.value,
        approval=settings.download_approval,
    )
    await session.flush()
    return row


async def build_download_links(runtime: Runtime) -> None:
    """Worker of the service definition: build queued download files, for ever."""
    poll = settings_of(runtime).split_poll_interval_seconds
    while True:
        async with runtime.sessionmaker() as session, session.begin():
            job = await claim_next(session, DownloadRequest, now=runtime.clock.now(), lease=LEASE)
            job_id = job.id if job else None
        if job_id is None:
            await asyncio.sleep(poll)
            continue
        try:
            await _build(runtime, job_id)
        except Exception:
            log.exception("download file %s failed", job_id)
            async with runtime.sessionmaker() as session, session.begin():
                row = await session.get(DownloadRequest, job_id)
                if row is not None and row.state == RUNNING:
                    if row.attempts >= MAX_ATTEMPTS:
                        row.state, row.error = "failed", FAILED
                        row.finished_at = runtime.clock.now()
                    else:
                        row.state = QUEUED
                    row.lease_until = None


async def _build(runtime: Runtime, job_id: uuid.UUID) -> None:
    storage, clock = runtime.storage, runtime.clock
    async with runtime.sessionmaker() as session:
        row = await session.get(DownloadRequest, job_id)
        assert row is not None
        serial_letter = await session.get(SerialLetter, row.serial_letter_id)
        assert serial_letter is not None
        _, letters = await published(
            session, account_id=row.account_id, serial_letter_id=row.serial_letter_id
        )
        chosen = await batch(
            session,
            account_id=row.account_id,
            letters=letters,
            how=RecipientFilter(row.recipient_filter),
            selection=Selection.of(
                add=[uuid.UUID(c) for c in row.selection["add"]],
                remove=[uuid.UUID(c) for c in row.selection["remove"]],
            ),
        )
        contacts = await directory.contacts(
            session, account_id=row.account_id, contact_ids=chosen.contacts
        )
        unit_names = await unit_names_of(session, account_id=row.account_id, letters=chosen.letters)
        files = await serial_letters.files_of(session, serial_letter_id=row.serial_letter_id)
        session.expunge_all()
    work = settings_of(runtime).work_dir / f"download-{job_id}"
    key = (
        f"{serial_letters.serial_letter_prefix(row.account_id, row.serial_letter_id)}"
        f"downloads/{job_id}.pdf"
    )
    try:
        paths = await serial_letters.local_copies(storage, files, work)
        # Every letter on its own, followed by the attachments: the serial letter as read.
        envelopes = build_envelopes(
            dispatch_letters(chosen.letters, contacts, unit_names), merge=False
        )
        plan = plan_print(
            envelopes, PrintOptions(), attachment_pages=sum(f.page_count for f in files[1:])
        )
        combined, target = work / "combined.pdf", work / "pdfa.pdf"
        await asyncio.to_thread(
            write_print_file, plan, source=paths[0], attachments=paths[1:], path=combined
        )
        file_name = safe_file_name(f"{serial_letter.title} (PDF-A).pdf", fallback="Serienbrief.pdf")
        await asyncio.to_thread(
            to_pdfa, combined, target, title=serial_letter.title, made_at=clock.now()
        )
        stored = await put_file(storage, key, target, content_type="application/pdf")
    finally:
        await asyncio.to_thread(shutil.rmtree, work, True)
    now = clock.now()
    async with runtime.sessionmaker() as session, session.begin():
        row = await session.get(DownloadRequest, job_id)
        assert row is not None
        days = (
            await account_settings.current(session, account_id=row.account_id)
        ).download_link_days
        expires = timedelta(days=days)
        link = await storage.presigned_get_url(key, expires=expires, filename=file_name)
        row.state, row.object_key, row.size = "done", key, stored.size
        row.expires_at, row.finished_at, row.lease_until = now + expires, now, None
        await outbox.add(
            session,
            DownloadLinkReady(
                account_id=row.account_id,
                occurred_at=now,
                payload=DownloadLinkPayload(
                    serial_letter_id=row.serial_letter_id,
                    title=serial_letter.title,
                    link=link,
                    expires_at=now + expires,
                    file_name=file_name,
                    size=stored.size,
                    staff_ids=tuple(uuid.UUID(r) for r in row.recipients),
                    requested_by=row.requested_by,
                ),
            ),
        )
