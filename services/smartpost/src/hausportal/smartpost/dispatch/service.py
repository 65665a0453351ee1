"""The paper side of a published serial letter: which letters go by post, and how many
letters and envelopes each recipient filter means."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from hausportal.kit.errors import Conflict
from hausportal.smartpost.dispatch.recipients import (
    RecipientFilter,
    Selection,
    postal_contacts,
)
from hausportal.smartpost.models import (
    Letter,
    LetterState,
    SerialLetter,
    SerialLetterStatus,
    directory,
)
from hausportal.smartpost.serial_letters import service as serial_letters


@dataclass(frozen=True)
class PostalBatch:
    """The letters of one recipient filter (and selection), in the letters file's order."""

    how: RecipientFilter
    letters: tuple[Letter, ...]
    # One envelope per contact when letters are merged, else one per letter.
    contacts: tuple[uuid.UUID, ...]

    def envelopes(self, *, merge: bool) -> int:
        return len(self.contacts) if merge else len(self.letters)


async def published(
    session: AsyncSession, *, account_id: uuid.UUID, serial_letter_id: uuid.UUID
) -> tuple[SerialLetter, list[Letter]]:
    """The serial letter and its letters in the portal (not withdrawn): what may go by post."""
    serial_letter = await serial_letters.get(
        session, account_id=account_id, serial_letter_id=serial_letter_id
    )
    if serial_letter.status != SerialLetterStatus.published:
        raise Conflict(
            "not_published",
            "Briefe gehen erst per Post, wenn der Serienbrief im Portal veröffentlicht ist.",
        )
    letters = await serial_letters.letters_of(session, serial_letter_id=serial_letter_id)
    return serial_letter, [x for x in letters if x.state == LetterState.published]


async def batch(
    session: AsyncSession,
    *,
    account_id: uuid.UUID,
    letters: list[Letter],
    how: RecipientFilter,
    selection: Selection = Selection(),
) -> PostalBatch:
    contact_ids = [x.contact_id for x in letters if x.contact_id is not None]
    contacts = await directory.contacts(session, account_id=account_id, contact_ids=contact_ids)
    chosen = postal_contacts(contact_ids, contacts, how=how, selection=selection)
    wanted = set(chosen)
    return PostalBatch(
        how=how,
        letters=tuple(x for x in letters if x.contact_id in wanted),
        contacts=tuple(chosen),
    )
