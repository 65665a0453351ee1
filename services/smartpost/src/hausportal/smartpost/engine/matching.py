"""Which contact an address window names: by contact number, else by name and postal address.

Pure functions over text: no PDF here. A page only starts a letter when its window looks like a
letter's first page (it names the contact, or holds a postal address): a contact number that a
follow-up page repeats in a header near the window does not.
"""

from __future__ import annotations

import dataclasses
import difflib
import re
import uuid
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from hausportal.smartpost.engine.model import (
    CandidateContact,
    CandidateContract,
    MatchMethod,
    Problem,
    ProblemKind,
    RecipientCircle,
    SplitOptions,
    UnitOption,
)
from hausportal.smartpost.engine.normalise import (
    contains_phrase,
    normalise,
    normalise_lines,
    normalise_number,
)

# A German postcode line ("10115 Berlin", "D-10115 Berlin") or a foreign one with its country
# prefix ("A-1010 Wien", "CH-8001 Zürich"), at the start of a line.
_POSTCODE_LINE = re.compile(r"^(?:d )?\d{5} [a-z]|^(?:a|ch|l|b|nl|dk) \d{4} [a-z]")
_COUNTRY_PREFIXES = frozenset(("d", "a", "ch", "l", "b", "nl", "dk"))
# Words that label a number as the recipient's number: "Kontakt-Nr.", "Kd.-Nr.", "Kundennummer".
_NUMBER_LABEL = re.compile(r"(?:nr|nummer|no|id)$")
_DIGITS = re.compile(r"\d+")
# On the raw text, a line that may be a postcode line once normalised (see _POSTCODE_LINE).
_RAW_POSTCODE_LINE = re.compile(r"(?:^|\r)[^\w\r\n]*(?:[a-z]{1,2}[^\w\r\n]*)?\d{4,5}", re.M | re.I)
# Above this similarity a contact is offered to staff for an unmatched page.
_SUGGESTION_RATIO = 0.8


def _pages_text(pages: Iterable[int]) -> str:
    numbers = [p + 1 for p in pages]
    if not numbers:
        return ""
    if len(numbers) == 1:
        return f"Seite {numbers[0]}"
    return f"Seiten {numbers[0]}\N{EN DASH}{numbers[-1]}"


@dataclass(frozen=True)
class _Entry:
    """A candidate contact, normalised once."""

    contact: CandidateContact
    name: str
    name_tokens: frozenset[str]
    street: str
    zip_code: str
    city: str
    number: str  # normalised contact number, "" when none
    number_phrase: str  # the number as normalised words ("k 10042"), for windows
    in_scope: bool
    units: tuple[UnitOption, ...]

    @property
    def contact_id(self) -> uuid.UUID:
        return self.contact.contact_id


@dataclass(frozen=True)
class WindowMatch:
    """What one page's address window says about its recipient."""

    page: int
    # Names a recipient or holds a postal address: may start a letter (see ``starts_after``).
    starts_letter: bool
    contact_id: uuid.UUID | None = None
    identified_by: MatchMethod | None = None
    confidence: float = 0.0
    reason: str = ""
    problem: Problem | None = None
    # The window holds a postcode line, as a letter's first page does.
    addressed: bool = False

    @property
    def named(self) -> frozenset[uuid.UUID]:
        """Who the window names (a recognised contact, or the candidates of a problem)."""
        if self.contact_id is not None:
            return frozenset((self.contact_id,))
        if self.problem is not None and self.problem.kind is not ProblemKind.unmatched:
            return frozenset(self.problem.contact_ids)
        return frozenset()

    def starts_after(self, previous: WindowMatch | None) -> bool:
        """Whether this page starts a new letter after the letter that ``previous`` started.

        A first page has an address. A page that names a recipient without an address is a
        follow-up page whose header (inside the window area) repeats the same recipient, unless
        it names somebody else: then pages of two recipients must not run together.
        """
        if not self.starts_letter:
            return False
        if self.addressed or previous is None:
            return True
        return self.named != previous.named


def units_in_scope(contact: CandidateContact, options: SplitOptions) -> tuple[UnitOption, ...]:
    """The units through which ``contact`` belongs to this serial letter's recipients."""
    seen: dict[uuid.UUID, CandidateContract] = {}
    for contract in contact.contracts:
        if options.property_id is not None and contract.property_id != options.property_id:
            continue
        if not options.circle.includes(contract.role):
            continue
        seen.setdefault(contract.unit_id, contract)
    return tuple(
        UnitOption(c.property_id, c.unit_id, c.property_name, c.unit_name) for c in seen.values()
    )


_CIRCLE_WORDS = {
    RecipientCircle.owners: "als Eigentümer",
    RecipientCircle.tenants: "als Mieter",
    RecipientCircle.all: "",
}


class Matcher:
    """Finds contacts in address windows; built once per split over all candidate contacts."""

    def __init__(self, contacts: Sequence[CandidateContact], options: SplitOptions) -> None:
        self.options = options
        self._entries: list[_Entry] = []
        self._by_id: dict[uuid.UUID, _Entry] = {}
        # Index by the last word of the number ("10042" for "K-10042") and by postcode.
        self._by_number_word: dict[str, list[_Entry]] = defaultdict(list)
        self._by_zip: dict[str, list[_Entry]] = defaultdict(list)
        # For suggesting close names when nothing matches.
        self._by_name_word: dict[str, list[_Entry]] = defaultdict(list)
        for contact in contacts:
            units = units_in_scope(contact, options)
            number_phrase = normalise(contact.contact_number or "")
            entry = _Entry(
                contact=contact,
                name=normalise(contact.name),
                name_tokens=frozenset(normalise(contact.name).split()),
                street=normalise(contact.street or ""),
                zip_code=normalise(contact.zip_code or ""),
                city=normalise(contact.city or ""),
                number=normalise_number(contact.contact_number or ""),
                number_phrase=number_phrase,
                in_scope=bool(units),
                units=units,
            )
            self._entries.append(entry)
            self._by_id[contact.contact_id] = entry
            if number_phrase and entry.name_tokens:
                self._by_number_word[number_phrase.split()[-1]].append(entry)
            if entry.zip_code and entry.street and entry.city and entry.name_tokens:
                self._by_zip[entry.zip_code.split()[0]].append(entry)
            for word in entry.name_tokens:
                self._by_name_word[word].append(entry)
        # Normalising every window is the costly part of matching. A window can only name a
        # contact if it contains a digit run of a known contact number or postcode (digit runs
        # survive normalisation unchanged), and only looks like an address with a line that
        # starts with four or five digits; other windows (most follow-up pages) are skipped.
        keys = [*self._by_number_word, *self._by_zip]
        self._digit_runs = frozenset(run for key in keys for run in _DIGITS.findall(key))
        self._skip_by_digits = all(_DIGITS.search(key) for key in keys)

    def contact(self, contact_id: uuid.UUID) -> CandidateContact:
        return self._by_id[contact_id].contact

    def units(self, contact_id: uuid.UUID) -> tuple[UnitOption, ...]:
        return self._by_id[contact_id].units

    def scope_contacts(self) -> list[CandidateContact]:
        return [e.contact for e in self._entries if e.in_scope]

    # ------------------------------------------------------------------------- matching

    def match(self, page: int, window_text: str) -> WindowMatch:
        if (
            self._skip_by_digits
            and self._digit_runs.isdisjoint(_DIGITS.findall(window_text))
            and not _RAW_POSTCODE_LINE.search(window_text)
        ):
            return WindowMatch(page=page, starts_letter=False)
        lines = normalise_lines(window_text)
        text = " ".join(lines)
        tokens = text.split()
        token_set = frozenset(tokens)
        by_number = self._number_matches(tokens, token_set)
        by_address = self._address_matches(lines, text, token_set)
        # Name, street, postcode and city in the window are an address however they are laid out.
        addressed = bool(by_address) or _looks_like_address(lines)

        if by_number:
            match = self._resolve_number(page, window_text, by_number, by_address, addressed)
        elif by_address:
            match = self._resolve_address(page, window_text, by_address)
        else:
            match = self._unmatched(page, window_text, lines, addressed)
        return dataclasses.replace(match, addressed=True) if addressed else match

    def _unmatched(
        self, page: int, window_text: str, lines: list[str], addressed: bool
    ) -> WindowMatch:
        if not addressed:
            return WindowMatch(page=page, starts_letter=False)
        suggestions = self._suggestions(lines)
        hint = ""
        if suggestions:
            names = ", ".join(self._by_id[c].contact.label() for c in suggestions)
            hint = f" Ähnlich: {names}."
        return WindowMatch(
            page=page,
            starts_letter=True,
            reason="Adressfeld ohne passenden Kontakt",
            problem=Problem(
                kind=ProblemKind.unmatched,
                message=f"{_pages_text([page])}: Das Adressfeld passt zu keinem Kontakt "
                f"(„{one_line(window_text)}“).{hint}",
                pages=(page,),
                contact_ids=suggestions,
            ),
        )

    def _number_matches(
        self, tokens: list[str], token_set: frozenset[str]
    ) -> dict[uuid.UUID, tuple[_Entry, bool, bool]]:
        """Contacts whose number is printed: entry, whether labelled, whether the name is too."""
        found: dict[uuid.UUID, tuple[_Entry, bool, bool]] = {}
        for i, token in enumerate(tokens):
            for entry in self._by_number_word.get(token, ()):
                words = entry.number_phrase.split()
                start = i - len(words) + 1
                if start < 0 or tokens[start : i + 1] != words:
                    continue
                labelled = start > 0 and bool(_NUMBER_LABEL.search(tokens[start - 1]))
                name_present = entry.name_tokens <= token_set
                # A bare number (a postcode, an amount) only counts next to the contact's name.
                if labelled or name_present:
                    previous = found.get(entry.contact_id)
                    if previous is None or (labelled, name_present) > previous[1:]:
                        found[entry.contact_id] = (entry, labelled, name_present)
        return found

    def _address_matches(
        self, lines: list[str], text: str, token_set: frozenset[str]
    ) -> list[tuple[_Entry, bool]]:
        """Contacts whose name, street, postcode and city are all in the window, the postcode
        and city opening a line of their own as in every address block (the return-address
        line above the address has the sender's mid-line, so a sender that is also a contact
        does not match every letter)."""
        found: dict[uuid.UUID, tuple[_Entry, bool]] = {}
        padded = f" {text} "
        for line in lines:
            first, _, rest = line.partition(" ")
            if first in _COUNTRY_PREFIXES and rest:
                line = rest
                first = rest.partition(" ")[0]
            for entry in self._by_zip.get(first, ()):
                if not f"{line} ".startswith(f"{entry.zip_code} {entry.city} "):
                    continue
                if not entry.name_tokens <= token_set:
                    continue
                if f" {entry.street} " not in padded:
                    continue
                found[entry.contact_id] = (entry, f" {entry.name} " in padded)
        return list(found.values())

    def _admissible(
        self, page: int, window_text: str, entries: list[_Entry]
    ) -> tuple[list[_Entry], WindowMatch | None]:
        """Drop archived contacts (reporting them when nobody else is left)."""
        if self.options.include_archived:
            return entries, None
        active = [e for e in entries if not e.contact.archived]
        if active:
            return active, None
        archived = entries[0].contact
        return [], WindowMatch(
            page=page,
            starts_letter=True,
            reason="Archivierter Kontakt",
            problem=Problem(
                kind=ProblemKind.archived_contact,
                message=f"{_pages_text([page])}: Das Adressfeld nennt den archivierten Kontakt "
                f"{archived.label()}. Archivierte Kontakte werden nur auf Wunsch zugeordnet.",
                pages=(page,),
                contact_ids=tuple(e.contact_id for e in entries),
            ),
        )

    def _ambiguous(self, page: int, entries: Iterable[_Entry], why: str) -> WindowMatch:
        unique = list({e.contact_id: e for e in entries}.values())
        names = ", ".join(e.contact.label() for e in unique)
        return WindowMatch(
            page=page,
            starts_letter=True,
            reason="Mehrdeutig",
            problem=Problem(
                kind=ProblemKind.ambiguous,
                message=f"{_pages_text([page])}: {why}: {names}.",
                pages=(page,),
                contact_ids=tuple(e.contact_id for e in unique),
            ),
        )

    def _in_scope(self, page: int, match: WindowMatch, entry: _Entry) -> WindowMatch:
        """A recognised contact outside the property or circle is reported, not assigned."""
        if entry.in_scope:
            return match
        circle = _CIRCLE_WORDS[self.options.circle]
        if self.options.property_id is not None:
            where = f"hat keinen Vertrag {circle} in dieser Liegenschaft".replace("  ", " ")
        else:
            where = f"hat keinen Vertrag {circle}".replace("  ", " ").rstrip()
        return WindowMatch(
            page=page,
            starts_letter=True,
            identified_by=match.identified_by,
            confidence=match.confidence,
            reason=match.reason,
            problem=Problem(
                kind=ProblemKind.outside_scope,
                message=f"{_pages_text([page])}: {entry.contact.label()} {where}.",
                pages=(page,),
                contact_ids=(entry.contact_id,),
            ),
        )

    def _resolve_number(
        self,
        page: int,
        window_text: str,
        by_number: dict[uuid.UUID, tuple[_Entry, bool, bool]],
        by_address: list[tuple[_Entry, bool]],
        addressed: bool,
    ) -> WindowMatch:
        hits = list(by_number.values())
        if not any(named for _, _, named in hits) and not addressed:
            # A labelled number without name or address: a follow-up page's header.
            return WindowMatch(page=page, starts_letter=False)
        entries, archived = self._admissible(page, window_text, [e for e, _, _ in hits])
        if archived is not None:
            return archived
        hits = [h for h in hits if h[0] in entries]
        if len(hits) > 1:
            return self._ambiguous(page, entries, "Das Adressfeld nennt mehrere Kontaktnummern")
        entry, _labelled, named = hits[0]
        address_ids = {e.contact_id for e, _ in by_address}
        others = [e for e, _ in by_address if e.contact_id != entry.contact_id]
        number = entry.contact.contact_number
        if not named:
            if others:
                return self._ambiguous(
                    page,
                    [entry, *others],
                    f"Die Kontakt-Nr. {number} und Name/Anschrift im Adressfeld gehören zu "
                    "verschiedenen Kontakten",
                )
            match = WindowMatch(
                page=page,
                starts_letter=True,
                contact_id=entry.contact_id,
                identified_by=MatchMethod.contact_number,
                confidence=0.5,
                reason=f"Kontakt-Nr. {number} im Adressfeld, Name weicht ab",
                problem=Problem(
                    kind=ProblemKind.name_mismatch,
                    message=f"{_pages_text([page])}: Die Kontakt-Nr. {number} gehört zu "
                    f"{entry.contact.name}, das Adressfeld nennt einen anderen Namen "
                    f"(„{one_line(window_text)}“).",
                    pages=(page,),
                    contact_ids=(entry.contact_id,),
                ),
            )
            return self._in_scope(page, match, entry)
        with_address = entry.contact_id in address_ids
        match = WindowMatch(
            page=page,
            starts_letter=True,
            contact_id=entry.contact_id,
            identified_by=MatchMethod.contact_number,
            confidence=1.0 if with_address else 0.95,
            reason=f"Kontakt-Nr. {number}, Name und Anschrift im Adressfeld"
            if with_address
            else f"Kontakt-Nr. {number} und Name im Adressfeld (Anschrift weicht ab)",
        )
        return self._in_scope(page, match, entry)

    def _resolve_address(
        self, page: int, window_text: str, by_address: list[tuple[_Entry, bool]]
    ) -> WindowMatch:
        entries, archived = self._admissible(page, window_text, [e for e, _ in by_address])
        if archived is not None:
            return archived
        if len(entries) > 1:
            return self._ambiguous(
                page, entries, "Name und Anschrift im Adressfeld passen zu mehreren Kontakten"
            )
        entry = entries[0]
        exact = next(exact for e, exact in by_address if e is entry)
        match = WindowMatch(
            page=page,
            starts_letter=True,
            contact_id=entry.contact_id,
            identified_by=MatchMethod.name_address,
            confidence=0.95 if exact else 0.9,
            reason="Name und Anschrift im Adressfeld"
            if exact
            else "Name (andere Reihenfolge) und Anschrift im Adressfeld",
        )
        return self._in_scope(page, match, entry)

    def _suggestions(self, lines: list[str]) -> tuple[uuid.UUID, ...]:
        """Contacts whose name is close to a line of the window (a typo), best first: among
        those sharing a postcode or a name word with the window (not all of a large account)."""
        scored: list[tuple[float, uuid.UUID]] = []
        candidates: dict[uuid.UUID, _Entry] = {}
        for token in {t for line in lines for t in line.split()}:
            for entry in (*self._by_zip.get(token, ()), *self._by_name_word.get(token, ())):
                candidates[entry.contact_id] = entry
        for entry in candidates.values():
            if entry.contact.archived and not self.options.include_archived:
                continue
            best = 0.0
            for line in lines:
                matcher = difflib.SequenceMatcher(None, entry.name, line)
                if matcher.real_quick_ratio() < _SUGGESTION_RATIO:
                    continue
                if matcher.quick_ratio() < _SUGGESTION_RATIO:
                    continue
                best = max(best, matcher.ratio())
            if best >= _SUGGESTION_RATIO:
                scored.append((best, entry.contact_id))
        scored.sort(key=lambda s: -s[0])
        return tuple(c for _, c in scored[:3])


def _looks_like_address(lines: list[str]) -> bool:
    """A postcode line with a street or name line above it."""
    return any(i >= 1 and _POSTCODE_LINE.match(line) for i, line in enumerate(lines))


def one_line(text: str, limit: int = 160) -> str:
    flat = " / ".join(line.strip() for line in text.splitlines() if line.strip())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def mentioned_units(text: str, options: Sequence[UnitOption]) -> list[UnitOption]:
    """The units whose name the (letter) text mentions, on word boundaries."""
    normalised = normalise(text)
    return [
        u for u in options if u.unit_name and contains_phrase(normalised, normalise(u.unit_name))
    ]


def describe_pages(pages: Iterable[int]) -> str:
    return _pages_text(pages)
