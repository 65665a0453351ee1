"""Split the pages into letters and assign each letter to a contact and unit (no PDF here).

The caller hands in the text of every page (``PageText``); for the few letters that must name
their unit, more text of their first page (its letter head) is asked for through
``first_page_text``.
"""

from __future__ import annotations

import hashlib
import uuid
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace

from hausportal.smartpost.engine.errors import SplitOptionsInvalid
from hausportal.smartpost.engine.matching import (
    Matcher,
    WindowMatch,
    describe_pages,
    mentioned_units,
    one_line,
)
from hausportal.smartpost.engine.model import (
    CandidateContact,
    Letter,
    MatchMethod,
    MissingContact,
    PageText,
    Problem,
    ProblemKind,
    SplitMode,
    SplitOptions,
    SplitResult,
)
from hausportal.smartpost.engine.normalise import contains_phrase, normalise

# Given page indices, returns more of their text than the window (the letter head), for the
# first pages that must name a unit when the full text was not extracted up front.
FullTextLookup = Callable[[Sequence[int]], Mapping[int, str]]


@dataclass
class _Segment:
    pages: list[int]
    # The split mode's method (fixed_pages, separator); None: the address window decides.
    method: MatchMethod | None
    problems: list[Problem]


def assign(
    pages: Sequence[PageText],
    *,
    contacts: Sequence[CandidateContact],
    options: SplitOptions,
    first_page_text: FullTextLookup | None = None,
) -> SplitResult:
    """Letters for ``pages`` (in page order, every page once) under ``options``."""
    check_options(options)
    matcher = Matcher(contacts, options)
    matches = [matcher.match(p.index, p.window) for p in pages]
    return assign_matched(pages, matches, matcher=matcher, first_page_text=first_page_text)


def assign_matched(
    pages: Sequence[PageText],
    matches: Sequence[WindowMatch],
    *,
    matcher: Matcher,
    first_page_text: FullTextLookup | None = None,
    named_units: Mapping[int, tuple[uuid.UUID, ...]] | None = None,
) -> SplitResult:
    """``assign`` for pages already matched (e.g. by pool workers as they read the pages);
    ``named_units`` gives, by page, the units a first page was found to name."""
    options = matcher.options
    check_options(options)
    if options.mode is SplitMode.address_window:
        segments = _by_address(matches)
    elif options.mode is SplitMode.fixed_pages:
        segments = _by_fixed_pages(matches, options.pages_per_letter or 0)
    else:
        segments = _by_separator(pages, options)
    if options.mode is not SplitMode.address_window:
        _check_inner_pages(segments, matches)

    letters = [
        _letter(i, segment, matches[segment.pages[0]], pages, matcher)
        for i, segment in enumerate(segments)
    ]
    letters = _resolve_units(letters, pages, matcher, first_page_text, named_units or {})
    letters = _flag_repeated_contacts(letters, matcher)
    missing = _missing_contacts(letters, matcher, options)
    return SplitResult(
        page_count=len(pages),
        options=options,
        letters=tuple(letters),
        missing_contacts=missing,
    )


def check_options(options: SplitOptions) -> None:
    if options.mode is SplitMode.fixed_pages and not (options.pages_per_letter or 0) >= 1:
        raise SplitOptionsInvalid("Bitte geben Sie an, wie viele Seiten ein Brief hat.")
    if options.mode is SplitMode.separator and not normalise(options.separator_text or ""):
        raise SplitOptionsInvalid("Bitte geben Sie den Trenntext an.")


# ------------------------------------------------------------------------------ segments


def _by_address(matches: Sequence[WindowMatch]) -> list[_Segment]:
    segments: list[_Segment] = []
    head: WindowMatch | None = None
    for match in matches:
        if match.starts_after(head):
            head = match
            segments.append(_Segment([match.page], None, []))
        elif not segments:
            segments.append(
                _Segment(
                    [match.page],
                    None,
                    [
                        Problem(
                            kind=ProblemKind.unmatched,
                            message="{pages}: Vor dem ersten erkannten Adressfeld; gehören zu "
                            "keinem Brief.",
                        )
                    ],
                )
            )
        else:
            segments[-1].pages.append(match.page)
    return segments


def _by_fixed_pages(matches: Sequence[WindowMatch], size: int) -> list[_Segment]:
    segments = []
    for start in range(0, len(matches), size):
        pages = list(range(start, min(start + size, len(matches))))
        problems = []
        if len(pages) < size:
            problems.append(
                Problem(
                    kind=ProblemKind.split_irregular,
                    message=f"{describe_pages(pages)}: Der letzte Brief hat nur {len(pages)} "
                    f"statt {size} Seiten.",
                    pages=tuple(pages),
                )
            )
        segments.append(_Segment(pages, MatchMethod.fixed_pages, problems))
    return segments


def _by_separator(pages: Sequence[PageText], options: SplitOptions) -> list[_Segment]:
    marker = normalise(options.separator_text or "")
    first = options.separator_position == "first"
    segments: list[_Segment] = []
    open_segment: _Segment | None = None
    for page in pages:
        if page.full is None:
            raise SplitOptionsInvalid("Der Trenntext-Modus braucht den vollen Seitentext.")
        marked = contains_phrase(normalise(page.full), marker)
        if first and (marked or open_segment is None):
            open_segment = _Segment([page.index], MatchMethod.separator, [])
            segments.append(open_segment)
            if not marked:
                open_segment.problems.append(
                    Problem(
                        kind=ProblemKind.split_irregular,
                        message="{pages}: Vor der ersten Seite mit dem Trenntext.",
                    )
                )
            continue
        if open_segment is None:
            open_segment = _Segment([], MatchMethod.separator, [])
            segments.append(open_segment)
        open_segment.pages.append(page.index)
        if not first and marked:
            open_segment = None
    if not first and open_segment is not None:
        open_segment.problems.append(
            Problem(
                kind=ProblemKind.split_irregular,
                message="{pages}: Nach der letzten Seite mit dem Trenntext.",
            )
        )
    return segments


def _check_inner_pages(segments: Sequence[_Segment], matches: Sequence[WindowMatch]) -> None:
    """In fixed/separator mode, a later page naming another recipient hints at a wrong split."""
    for segment in segments:
        head = matches[segment.pages[0]]
        for page in segment.pages[1:]:
            inner = matches[page]
            if inner.contact_id is not None and inner.contact_id != head.contact_id:
                segment.problems.append(
                    Problem(
                        kind=ProblemKind.split_irregular,
                        message=f"{describe_pages([page])}: Das Adressfeld nennt einen anderen "
                        "Empfänger als die erste Seite des Briefes. Stimmt die Aufteilung?",
                        pages=(page,),
                        contact_ids=(inner.contact_id,),
                    )
                )


# ------------------------------------------------------------------------------- letters


def _fingerprint(pages: Sequence[int], texts: Sequence[PageText]) -> str:
    digest = hashlib.sha256(str(len(pages)).encode())
    for page in pages:
        digest.update(b"\x00" + texts[page].window.encode())
    return digest.hexdigest()[:32]


def _letter(
    index: int,
    segment: _Segment,
    head: WindowMatch,
    texts: Sequence[PageText],
    matcher: Matcher,
) -> Letter:
    pages = tuple(segment.pages)
    # Problems of the split carry "{pages}" until the segment is complete.
    problems = [
        p
        if p.pages
        else replace(p, pages=pages, message=p.message.format(pages=describe_pages(pages)))
        for p in segment.problems
    ]
    contact_id = head.contact_id
    if head.problem is not None:
        problems.insert(0, head.problem)
    elif contact_id is None and segment.method is not None:
        problems.insert(
            0,
            Problem(
                kind=ProblemKind.unmatched,
                message=f"{describe_pages(pages)}: Auf der ersten Seite des Briefes ist kein "
                f"Kontakt zu erkennen („{one_line(texts[pages[0]].window)}“).",
                pages=pages,
            ),
        )
    if segment.method is None and head.starts_letter and not head.addressed:
        problems.append(
            Problem(
                kind=ProblemKind.split_irregular,
                message=f"{describe_pages(pages)}: Die erste Seite nennt einen Empfänger, aber "
                "keine Anschrift im Adressfeld. Bitte prüfen Sie, wo der Brief beginnt.",
                pages=(pages[0],),
            )
        )
    identified_by = head.identified_by if contact_id is not None else None
    return Letter(
        index=index,
        pages=pages,
        method=segment.method or identified_by,
        identified_by=identified_by,
        contact_id=contact_id,
        confidence=head.confidence if contact_id is not None else 0.0,
        reason=head.reason,
        window_text=texts[pages[0]].window,
        problems=tuple(problems),
        fingerprint=_fingerprint(pages, texts),
    )


def _resolve_units(
    letters: list[Letter],
    texts: Sequence[PageText],
    matcher: Matcher,
    first_page_text: FullTextLookup | None,
    named_units: Mapping[int, tuple[uuid.UUID, ...]],
) -> list[Letter]:
    """One unit: take it. Several: the one the letter names, else staff choose."""
    needs_text = []
    for letter in letters:
        if letter.contact_id is None or len(matcher.units(letter.contact_id)) <= 1:
            continue
        first = letter.pages[0]
        if first not in named_units and texts[first].full is None:
            needs_text.append(first)
    looked_up: Mapping[int, str] = {}
    if needs_text and first_page_text is not None:
        looked_up = first_page_text(needs_text)

    resolved = []
    for letter in letters:
        if letter.contact_id is None:
            resolved.append(letter)
            continue
        options = matcher.units(letter.contact_id)
        if len(options) == 1:
            unit = options[0]
            resolved.append(replace(letter, property_id=unit.property_id, unit_id=unit.unit_id))
            continue
        first = letter.pages[0]
        if first in named_units:
            named = [u for u in options if u.unit_id in named_units[first]]
        else:
            text = texts[first].full or looked_up.get(first) or texts[first].window
            named = mentioned_units(text, options)
        if len(named) == 1:
            unit = named[0]
            resolved.append(
                replace(
                    letter,
                    property_id=unit.property_id,
                    unit_id=unit.unit_id,
                    reason=f"{letter.reason}; Einheit {unit.unit_name} im Brief genannt",
                )
            )
            continue
        contact = matcher.contact(letter.contact_id)
        names = ", ".join(u.unit_name or str(u.unit_id) for u in options)
        properties = {u.property_id for u in options}
        problem = Problem(
            kind=ProblemKind.unit_choice,
            message=f"{describe_pages(letter.pages)}: {contact.label()} hat mehrere Einheiten "
            f"({names}); der Brief nennt "
            + ("keine davon" if not named else "mehrere davon")
            + ". Bitte wählen Sie die Einheit.",
            pages=letter.pages,
            contact_ids=(letter.contact_id,),
        )
        resolved.append(
            replace(
                letter,
                property_id=next(iter(properties)) if len(properties) == 1 else None,
                unit_options=options,
                problems=(*letter.problems, problem),
            )
        )
    return resolved


def _flag_repeated_contacts(letters: list[Letter], matcher: Matcher) -> list[Letter]:
    """A contact with several letters is fine only when each names a different unit."""
    by_contact: dict[uuid.UUID, list[int]] = defaultdict(list)
    for i, letter in enumerate(letters):
        if letter.contact_id is not None:
            by_contact[letter.contact_id].append(i)
    out = list(letters)
    for contact_id, indices in by_contact.items():
        if len(indices) < 2:
            continue
        units = [letters[i].unit_id for i in indices]
        if None not in units and len(set(units)) == len(units):
            continue
        contact = matcher.contact(contact_id)
        where = " und ".join(describe_pages(letters[i].pages) for i in indices)
        for i in indices:
            problem = Problem(
                kind=ProblemKind.duplicate_contact,
                message=f"{contact.label()} erhält {len(indices)} Briefe ({where}), die nicht "
                "je eine eigene Einheit nennen. Bitte prüfen Sie die Zuordnung.",
                pages=letters[i].pages,
                contact_ids=(contact_id,),
            )
            out[i] = replace(out[i], problems=(*out[i].problems, problem))
    return out


def _missing_contacts(
    letters: Sequence[Letter], matcher: Matcher, options: SplitOptions
) -> tuple[MissingContact, ...]:
    if options.property_id is None:
        return ()
    with_letter = {letter.contact_id for letter in letters}
    missing = []
    for contact in matcher.scope_contacts():
        if contact.contact_id in with_letter:
            continue
        if contact.archived and not options.include_archived:
            continue
        missing.append(
            MissingContact(
                contact_id=contact.contact_id,
                name=contact.name,
                contact_number=contact.contact_number,
                unit_ids=tuple(u.unit_id for u in matcher.units(contact.contact_id)),
            )
        )
    return tuple(missing)
