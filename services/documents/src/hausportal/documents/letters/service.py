"""The documents a SmartPost letter becomes, from smartpost's events: published, withdrawn,
its serial letter deleted. Handlers of the service's consumer; they flush, never commit."""

from __future__ import annotations

import logging
import re
import uuid
from collections.abc import Iterable

from sqlalchemy.ext.asyncio import AsyncSession

from hausportal.contracts.documents import Audience
from hausportal.contracts.smartpost import (
    LetterPayload,
    LetterPublished,
    LetterWithdrawn,
    SerialLetterDeleted,
)
from hausportal.documents.document_types.service import resolve_or_create_type
from hausportal.documents.documents import repository, service
from hausportal.documents.documents.files import sanitise_file_name
from hausportal.documents.models import Document, DocumentStatus, ObjectOwner
from hausportal.kit.app import runtime_of
from hausportal.kit.storage.port import InvalidObjectKey, check_key

log = logging.getLogger(__name__)

PDF = "application/pdf"
_SHA256 = re.compile(r"^[0-9a-f]{64}$")
# The length of Document.object_key.
_MAX_KEY_CHARS = 255


async def letter_published(session: AsyncSession, event: LetterPublished) -> None:
    """The letter becomes a published document of its contact, announced like any other.

    The inbox skips a redelivered event; a letter published again under a new event id (a
    retry in smartpost) finds its document by the letter id and changes nothing. That holds
    for a withdrawn letter too: its document stays deleted, because a withdrawal is final
    (publishing the letter again in SmartPost makes a new letter, with a new id).
    """
    letter = event.payload
    existing = await repository.by_id(session, document_id=letter.letter_id)
    if existing is not None:
        if existing.account_id != event.account_id:
            log.error(
                "letter %s of account %s: the id is taken", letter.letter_id, event.account_id
            )
        else:
            log.info("letter %s is already a document (%s)", letter.letter_id, existing.status)
        return
    problem = _problem(letter, account_id=event.account_id)
    if problem is not None:
        # Raising would retry the event for ever and hold up the account's later events.
        log.error("letter %s of event %s skipped: %s", letter.letter_id, event.id, problem)
        return
    now = runtime_of(session).clock.now()
    file_name = sanitise_file_name(letter.file_name)
    document = Document(
        id=letter.letter_id,
        account_id=event.account_id,
        property_id=letter.property_id,
        unit_id=letter.unit_id,
        title=(letter.title.strip() or file_name)[:255],
        document_type=await resolve_or_create_type(
            session, account_id=event.account_id, name=letter.document_type, now=now
        ),
        file_name=file_name,
        content_type=PDF,
        size=letter.size,
        sha256=letter.sha256.lower(),
        # smartpost's object, served from where it is: never copied, never purged here.
        object_key=letter.object_key,
        object_owner=ObjectOwner.smartpost,
        serial_letter_id=letter.serial_letter_id,
        status=DocumentStatus.staged,
        created_by=letter.published_by,
        created_at=now,
    )
    # The contact and its contracts need not be in the read model yet: who sees the letter is
    # decided when it is read (individual sharing: the contact, while it may log in).
    document.set_audience(Audience(contact_id=letter.contact_id))
    await repository.add(session, [document])
    await service.publish_one(
        session,
        document,
        published_by=letter.published_by,
        now=letter.published_at,
        notify_now=letter.notify_now,
    )


def _problem(letter: LetterPayload, *, account_id: uuid.UUID) -> str | None:
    """Why the letter cannot become a document, or None."""
    try:
        check_key(letter.object_key)
    except InvalidObjectKey as error:
        return str(error)
    if not letter.object_key.startswith(f"{account_id}/smartpost/"):
        # Nothing crosses accounts, and only smartpost's own objects are served as letters.
        return f"object key {letter.object_key!r} is not under {account_id}/smartpost/"
    if len(letter.object_key) > _MAX_KEY_CHARS:
        return f"object key longer than {_MAX_KEY_CHARS} characters"
    if not _SHA256.match(letter.sha256.lower()):
        return f"sha256 {letter.sha256!r} is not a hex SHA-256 digest"
    return None


async def letter_withdrawn(session: AsyncSession, event: LetterWithdrawn) -> None:
    """The letter's document is deleted as staff delete one (DocumentDeleted)."""
    await _withdraw(session, account_id=event.account_id, letter_ids=[event.payload.letter_id])


async def serial_letter_deleted(session: AsyncSession, event: SerialLetterDeleted) -> None:
    """Every letter of the serial letter disappears: the ones the event names and any other
    document that is a letter of it."""
    p = event.payload
    letters = await repository.of_serial_letter(
        session, account_id=event.account_id, serial_letter_id=p.serial_letter_id
    )
    await _withdraw(
        session,
        account_id=event.account_id,
        letter_ids=[*p.letter_ids, *(letter.id for letter in letters)],
    )


async def _withdraw(
    session: AsyncSession, *, account_id: uuid.UUID, letter_ids: Iterable[uuid.UUID]
) -> None:
    ids = list(dict.fromkeys(letter_ids))
    found = await repository.get_many(session, account_id=account_id, document_ids=ids)
    now = runtime_of(session).clock.now()
    for letter_id in ids:
        document = found.get(letter_id)
        if document is None or document.serial_letter_id is None:
            # Never published here (it may not have arrived), or an upload: nothing to do.
            log.info("withdrawn letter %s of account %s is no letter here", letter_id, account_id)
            continue
        await service.remove(session, document=document, now=now)
