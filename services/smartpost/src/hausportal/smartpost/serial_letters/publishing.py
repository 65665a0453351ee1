"""Publish a serial letter's letters to the portal, withdraw single letters, delete it all.

The letters reach the portal as events: the documents service makes each one a document
shared with its one contact, serving the PDF smartpost stored (no copy).
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from hausportal.contracts.smartpost import (
    LetterPayload,
    LetterPublished,
    LetterRef,
    LetterWithdrawn,
    SerialLetterDeleted,
    SerialLetterRef,
)
from hausportal.kit.auth import Principal, admin_only
from hausportal.kit.errors import Conflict, Invalid
from hausportal.kit.uploads import safe_file_name
from hausportal.smartpost.models import (
    JobState,
    Letter,
    LetterState,
    SerialLetter,
    SerialLetterStatus,
    directory,
    outbox,
)
from hausportal.smartpost.serial_letters import service


async def ensure_admin(session: AsyncSession, staff: Principal) -> None:
    """Admin by the token and, still, by the directory (the token may be minutes old)."""
    if not staff.is_admin or not await directory.is_active_admin(
        session, account_id=staff.account_id, staff_id=staff.subject_id
    ):
        raise admin_only()


async def publish(
    session: AsyncSession,
    *,
    staff: Principal,
    serial_letter_id: uuid.UUID,
    notify_now: bool,
    now: datetime,
) -> SerialLetter:
    """Every ready letter becomes a document of its contact. Nothing is published while a
    letter still needs a decision; publishing again changes nothing."""
    serial_letter = await service.get(
        session, account_id=staff.account_id, serial_letter_id=serial_letter_id
    )
    if serial_letter.status == SerialLetterStatus.published:
        return serial_letter
    if serial_letter.status == SerialLetterStatus.deleted:
        raise service.serial_letter_not_found()
    job = await service.latest_job(session, serial_letter)
    if job is not None and job.state in (JobState.queued, JobState.running):
        raise Conflict(
            "split_running",
            "Die Briefe werden gerade aufgeteilt. Bitte warten Sie, bis die Aufteilung fertig ist.",
        )
    if serial_letter.status != SerialLetterStatus.split:
        raise Conflict(
            "not_split",
            "Bitte teilen Sie den Serienbrief zuerst in Briefe auf und prüfen Sie das Ergebnis.",
        )
    letters = await service.letters_of(session, serial_letter_id=serial_letter_id)
    waiting = [letter for letter in letters if letter.open]
    if waiting:
        raise Conflict(
            "letters_need_decision",
            f"{_count(len(waiting))} noch nicht zugeordnet. Bitte ordnen Sie "
            + ("ihn" if len(waiting) == 1 else "sie")
            + " einem Kontakt zu oder lassen Sie "
            + ("ihn" if len(waiting) == 1 else "sie")
            + " aus; erst dann kann der Serienbrief veröffentlicht werden.",
            letters=[letter.position + 1 for letter in waiting],
        )
    ready = [letter for letter in letters if letter.ready]
    if not ready:
        raise Conflict("nothing_to_publish", "Der Serienbrief enthält keinen Brief für das Portal.")
    file_name = safe_file_name(f"{serial_letter.title}.pdf", fallback=service.FALLBACK_NAME)
    events = []
    for letter in ready:
        assert letter.contact_id is not None
        assert letter.property_id is not None
        letter.state = LetterState.published.value
        letter.published_at = now
        events.append(
            LetterPublished(
                account_id=serial_letter.account_id,
                occurred_at=now,
                payload=LetterPayload(
                    letter_id=letter.id,
                    serial_letter_id=serial_letter.id,
                    contact_id=letter.contact_id,
                    property_id=letter.property_id,
                    unit_id=letter.unit_id,
                    title=serial_letter.title,
                    document_type=serial_letter.document_type,
                    file_name=file_name,
                    object_key=letter.object_key,
                    size=letter.size,
                    sha256=letter.sha256,
                    page_count=letter.total_pages,
                    published_at=now,
                    notify_now=notify_now,
                    published_by=staff.subject_id,
                ),
            )
        )
    serial_letter.status = SerialLetterStatus.published.value
    serial_letter.notify_now = notify_now
    serial_letter.published_by, serial_letter.published_at = staff.subject_id, now
    serial_letter.updated_at = now
    await session.flush()
    await outbox.add_many(session, events)
    return serial_letter


def _count(n: int) -> str:
    return "Ein Brief ist" if n == 1 else f"{n} Briefe sind"


async def withdraw(
    session: AsyncSession,
    *,
    staff: Principal,
    serial_letter_id: uuid.UUID,
    letter_ids: Sequence[uuid.UUID] = (),
    unit_id: uuid.UUID | None = None,
    now: datetime,
) -> list[Letter]:
    """Take published letters back from the portal: the given ones, or those of one unit."""
    await ensure_admin(session, staff)
    serial_letter = await service.get(
        session, account_id=staff.account_id, serial_letter_id=serial_letter_id
    )
    if not letter_ids and unit_id is None:
        raise Invalid(
            "withdraw_what", "Bitte wählen Sie die Briefe oder die Einheit, die Sie zurückziehen."
        )
    letters = await service.letters_of(session, serial_letter_id=serial_letter_id)
    wanted = set(letter_ids)
    unknown = wanted - {letter.id for letter in letters}
    if unknown:
        raise service.letter_not_found()
    chosen = [
        letter
        for letter in letters
        if (letter.id in wanted or (unit_id is not None and letter.unit_id == unit_id))
        and letter.state == LetterState.published
    ]
    for letter in chosen:
        _withdrawn(letter, staff=staff, now=now)
    await session.flush()
    await outbox.add_many(
        session,
        [
            LetterWithdrawn(
                account_id=serial_letter.account_id,
                occurred_at=now,
                payload=_ref(letter),
            )
            for letter in chosen
        ],
    )
    return chosen


async def delete(
    session: AsyncSession, *, staff: Principal, serial_letter_id: uuid.UUID, now: datetime
) -> None:
    """Every published letter disappears from the portal; the files are purged later."""
    await ensure_admin(session, staff)
    serial_letter = await service.get(
        session, account_id=staff.account_id, serial_letter_id=serial_letter_id
    )
    if serial_letter.status == SerialLetterStatus.deleted:
        return
    letters = await service.letters_of(session, serial_letter_id=serial_letter_id)
    published = [letter for letter in letters if letter.state == LetterState.published]
    for letter in published:
        _withdrawn(letter, staff=staff, now=now)
    await service.cancel_jobs(session, serial_letter_id=serial_letter_id, now=now)
    serial_letter.status = SerialLetterStatus.deleted.value
    serial_letter.deleted_by, serial_letter.deleted_at = staff.subject_id, now
    serial_letter.updated_at = now
    await session.flush()
    await outbox.add(
        session,
        SerialLetterDeleted(
            account_id=serial_letter.account_id,
            occurred_at=now,
            payload=SerialLetterRef(
                serial_letter_id=serial_letter.id,
                letter_ids=tuple(letter.id for letter in published),
            ),
        ),
    )


def _withdrawn(letter: Letter, *, staff: Principal, now: datetime) -> None:
    letter.state = LetterState.withdrawn.value
    letter.withdrawn_at, letter.withdrawn_by = now, staff.subject_id


def _ref(letter: Letter) -> LetterRef:
    assert letter.contact_id is not None
    assert letter.property_id is not None
    return LetterRef(
        letter_id=letter.id,
        serial_letter_id=letter.serial_letter_id,
        contact_id=letter.contact_id,
        property_id=letter.property_id,
        unit_id=letter.unit_id,
    )
