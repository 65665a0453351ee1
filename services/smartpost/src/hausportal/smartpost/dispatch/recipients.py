"""Who gets a serial letter by post: a filter on the contacts' registration and preference,
then staff's individual selection on top."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

from hausportal.contracts.directory import ContactPayload, Preference


class RecipientFilter(StrEnum):
    # Every letter goes by post too.
    all = "all"
    # As each contact wants it: registered and "online" -> no post; "letter" -> post;
    # not registered -> always post (they have no other way to read it).
    by_preference = "by_preference"
    # Only the contacts without a portal login.
    unregistered_only = "unregistered_only"


LABELS = {
    RecipientFilter.all: "Alle Kontakte",
    RecipientFilter.by_preference: "Nach Versandart (Portal, Brief, nicht registriert)",
    RecipientFilter.unregistered_only: "Nur nicht registrierte Kontakte",
}


def wants_post(contact: ContactPayload, how: RecipientFilter) -> bool:
    if how is RecipientFilter.all:
        return True
    if how is RecipientFilter.unregistered_only:
        return not contact.registered
    return not contact.registered or contact.preference is Preference.letter


@dataclass(frozen=True)
class Selection:
    """Staff's changes on top of the filter: contacts added or left out by hand."""

    add: frozenset[uuid.UUID] = frozenset()
    remove: frozenset[uuid.UUID] = frozenset()

    @classmethod
    def of(cls, add: Iterable[uuid.UUID] = (), remove: Iterable[uuid.UUID] = ()) -> Selection:
        return cls(frozenset(add), frozenset(remove))


def postal_contacts(
    contact_ids: Sequence[uuid.UUID],
    contacts: Mapping[uuid.UUID, ContactPayload],
    *,
    how: RecipientFilter,
    selection: Selection = Selection(),
) -> list[uuid.UUID]:
    """The contacts (of ``contact_ids``, in their order, each once) whose letters go by post.
    A contact missing from the directory is left out unless staff added it by hand."""
    chosen: list[uuid.UUID] = []
    for contact_id in dict.fromkeys(contact_ids):
        if contact_id in selection.remove:
            continue
        contact = contacts.get(contact_id)
        if contact_id in selection.add or (contact is not None and wants_post(contact, how)):
            chosen.append(contact_id)
    return chosen
