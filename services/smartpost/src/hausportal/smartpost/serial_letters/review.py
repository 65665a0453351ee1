"""What staff see of a serial letter and its letters: names from the directory mirror."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence

from sqlalchemy import Table, select
from sqlalchemy.ext.asyncio import AsyncSession

from hausportal.contracts.directory import ContactPayload
from hausportal.smartpost.models import Letter, LetterState, SerialLetter, SplitJob, directory
from hausportal.smartpost.serial_letters import service
from hausportal.smartpost.serial_letters.schemas import (
    ContactOut,
    FileOut,
    JobOut,
    LetterOut,
    MissingContactOut,
    Named,
    ProblemOut,
    SerialLetterOut,
    Summary,
    UnitOptionOut,
)


async def _names(
    session: AsyncSession, table: Table, key: str, account_id: uuid.UUID, ids: Iterable[uuid.UUID]
) -> dict[uuid.UUID, str]:
    wanted = {i for i in ids if i is not None}
    if not wanted:
        return {}
    rows = await session.execute(
        select(table.c[key], table.c.name).where(
            table.c.account_id == account_id, table.c[key].in_(wanted)
        )
    )
    return {row[0]: row[1] for row in rows}


def _named(names: dict[uuid.UUID, str], id_: uuid.UUID | None, unknown: str) -> Named | None:
    if id_ is None:
        return None
    return Named(id=id_, name=names.get(id_, unknown))


def _contact(contacts: dict[uuid.UUID, ContactPayload], contact_id: uuid.UUID) -> ContactOut:
    contact = contacts.get(contact_id)
    if contact is None:
        return ContactOut(id=contact_id, name="(gelöschter Kontakt)")
    return ContactOut(
        id=contact_id,
        name=contact.name,
        contact_number=contact.contact_number,
        registered=contact.registered,
        preference=contact.preference,
        archived=contact.archived,
    )


def summary_of(letters: Sequence[Letter]) -> Summary:
    return Summary(
        letters=len(letters),
        ready=sum(1 for letter in letters if letter.ready),
        needs_decision=sum(1 for letter in letters if letter.open),
        skipped=sum(1 for letter in letters if letter.decision == "skipped"),
        published=sum(1 for letter in letters if letter.state == LetterState.published),
        withdrawn=sum(1 for letter in letters if letter.state == LetterState.withdrawn),
        pages=sum(len(letter.pages) for letter in letters),
    )


def _job(job: SplitJob | None) -> JobOut | None:
    if job is None:
        return None
    return JobOut(
        id=job.id,
        state=job.state,
        stage=job.stage,
        done=job.pages_done,
        total=job.pages_total,
        attempts=job.attempts,
        error=job.error,
        created_at=job.created_at,
        finished_at=job.finished_at,
    )


async def serial_letter_out(session: AsyncSession, serial_letter: SerialLetter) -> SerialLetterOut:
    account_id = serial_letter.account_id
    files = await service.files_of(session, serial_letter_id=serial_letter.id)
    letters = await service.letters_of(session, serial_letter_id=serial_letter.id)
    job = await service.latest_job(session, serial_letter)
    missing = serial_letter.missing_contacts or []
    unit_ids = {uuid.UUID(u) for m in missing for u in m["unit_ids"]}
    units = await _names(session, directory.tables.unit, "unit_id", account_id, unit_ids)
    properties = await _names(
        session, directory.tables.property, "property_id", account_id, [serial_letter.property_id]
    )
    return SerialLetterOut(
        id=serial_letter.id,
        title=serial_letter.title,
        document_type=serial_letter.document_type,
        circle=serial_letter.circle,
        property=_named(properties, serial_letter.property_id, "(gelöschte Liegenschaft)"),
        cross_property=serial_letter.property_id is None,
        status=serial_letter.status,
        files=[
            FileOut(
                id=file.id,
                position=index,
                role="letters" if index == 0 else "attachment",
                file_name=file.file_name,
                size=file.size,
                page_count=file.page_count,
                uploaded_at=file.uploaded_at,
            )
            for index, file in enumerate(files)
        ],
        job=_job(job),
        summary=summary_of(letters),
        missing_contacts=[
            MissingContactOut(
                contact_id=m["contact_id"],
                name=m["name"],
                contact_number=m["contact_number"],
                units=[Named(id=u, name=units.get(uuid.UUID(u), "")) for u in m["unit_ids"]],
            )
            for m in missing
        ],
        page_count=serial_letter.page_count,
        notify_now=serial_letter.notify_now,
        created_at=serial_letter.created_at,
        published_at=serial_letter.published_at,
        deleted_at=serial_letter.deleted_at,
    )


async def letters_out(
    session: AsyncSession, *, account_id: uuid.UUID, letters: Sequence[Letter]
) -> list[LetterOut]:
    contact_ids = {letter.contact_id for letter in letters if letter.contact_id}
    for letter in letters:
        for problem in letter.problems:
            contact_ids |= {uuid.UUID(c) for c in problem["contact_ids"]}
    contacts = await directory.contacts(session, account_id=account_id, contact_ids=contact_ids)
    unit_ids = {letter.unit_id for letter in letters if letter.unit_id}
    property_ids = {letter.property_id for letter in letters if letter.property_id}
    for letter in letters:
        for option in letter.unit_options:
            unit_ids.add(uuid.UUID(option["unit_id"]))
            property_ids.add(uuid.UUID(option["property_id"]))
    units = await _names(session, directory.tables.unit, "unit_id", account_id, unit_ids)
    properties = await _names(
        session, directory.tables.property, "property_id", account_id, property_ids
    )
    return [
        LetterOut(
            id=letter.id,
            number=letter.position + 1,
            pages=[page + 1 for page in letter.pages],
            page_count=len(letter.pages),
            total_pages=letter.total_pages,
            method=letter.method,
            identified_by=letter.identified_by,
            confidence=letter.confidence,
            reason=letter.reason,
            window_text=letter.window_text,
            contact=_contact(contacts, letter.contact_id) if letter.contact_id else None,
            property=_named(properties, letter.property_id, "(gelöschte Liegenschaft)"),
            unit=_named(units, letter.unit_id, "(gelöschte Einheit)"),
            found_contact_id=letter.found_contact_id,
            decision=letter.decision,
            state=letter.state,
            ready=letter.ready,
            needs_decision=letter.open,
            problems=[
                ProblemOut(
                    kind=p["kind"],
                    message=p["message"],
                    pages=[page + 1 for page in p["pages"]],
                    contacts=[_contact(contacts, uuid.UUID(c)) for c in p["contact_ids"]],
                )
                for p in letter.problems
            ],
            unit_options=[
                UnitOptionOut(
                    property=Named(
                        id=o["property_id"],
                        name=properties.get(uuid.UUID(o["property_id"]), o["property_name"]),
                    ),
                    unit=Named(
                        id=o["unit_id"], name=units.get(uuid.UUID(o["unit_id"]), o["unit_name"])
                    ),
                )
                for o in letter.unit_options
            ],
        )
        for letter in letters
    ]
