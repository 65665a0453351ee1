"""Postal dispatch: letters into envelopes, print options, sheet counts and the print file.

Pure: letters (their pages in the letters file) and options in, envelopes, counts and one
print-ready PDF plus its manifest out. An envelope is one contact's letters (matched by the
contact id, never by name) in unit order, then the general attachments once; with duplex the
blank pages that keep one envelope (and, duplex-optimised, one letter) off the back of
another are real A4 pages of the print file.
"""

from __future__ import annotations

import enum
import math
import re
import uuid
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import pikepdf

from hausportal.smartpost.engine.assembly import (
    _SAVE_OPTIONS,
    _attachment_page_count,
    _shallow_page,
    open_pdf,
)
from hausportal.smartpost.engine.errors import EngineError
from hausportal.smartpost.engine.geometry import A4_HEIGHT, A4_WIDTH

HOME_COUNTRY = "DE"


class PrintOptionsInvalid(EngineError):
    """The print options contradict each other (duplex-optimised without duplex)."""


class ColourMode(enum.StrEnum):
    colour = "colour"
    black_white = "black_white"


class Sides(enum.StrEnum):
    simplex = "simplex"
    duplex = "duplex"


@dataclass(frozen=True)
class PrintOptions:
    """What the manager orders; the same for every envelope of an order."""

    colour: ColourMode = ColourMode.black_white
    sides: Sides = Sides.simplex
    # Duplex only: a blank page after every letter with an odd page count, so no letter starts
    # on the back of another (and the attachments start on a front page).
    duplex_optimised: bool = False
    # Einwurfeinschreiben: within Germany only (the print check refuses foreign addresses).
    registered: bool = False

    def __post_init__(self) -> None:
        if self.duplex_optimised and self.sides is not Sides.duplex:
            raise PrintOptionsInvalid("Duplex-optimiert geht nur mit beidseitigem Druck (Duplex).")

    @property
    def duplex(self) -> bool:
        return self.sides is Sides.duplex

    def label_de(self) -> str:
        """As a manager says them: "Schwarzweiß, Duplex, duplex-optimiert"."""
        parts = [
            "Farbe" if self.colour is ColourMode.colour else "Schwarzweiß",
            "Duplex" if self.duplex else "Simplex",
        ]
        if self.duplex_optimised:
            parts.append("duplex-optimiert")
        if self.registered:
            parts.append("Einwurfeinschreiben")
        return ", ".join(parts)


@dataclass(frozen=True)
class DispatchLetter:
    """A letter to post, as the caller knows it from the split and its directory mirror."""

    letter_id: uuid.UUID
    contact_id: uuid.UUID
    # 0-based pages of the letters file (the split's ``Letter.pages``).
    pages: tuple[int, ...]
    unit_id: uuid.UUID | None = None
    # Orders the letters in an envelope ("WE 2" before "WE 10").
    unit_name: str = ""
    # The contact's country in the master data (ISO 3166-1 alpha-2).
    country: str = HOME_COUNTRY

    @property
    def abroad(self) -> bool:
        return self.country.strip().upper() != HOME_COUNTRY


@dataclass(frozen=True)
class Envelope:
    """One contact's letters in the order they go in, numbered from 1 within the order."""

    number: int
    contact_id: uuid.UUID
    letters: tuple[DispatchLetter, ...]

    @property
    def abroad(self) -> bool:
        return any(letter.abroad for letter in self.letters)

    @property
    def letter_ids(self) -> tuple[uuid.UUID, ...]:
        return tuple(letter.letter_id for letter in self.letters)


@dataclass(frozen=True)
class PrintPage:
    """One page of an envelope: a page of the letters file, of the attachments, or blank."""

    kind: Literal["letter", "attachment", "blank"]
    # Letters file page (letter), page of all attachments one after another (attachment), -1.
    index: int = -1


BLANK = PrintPage("blank")


@dataclass(frozen=True)
class EnvelopeLayout:
    """An envelope's pages with the options applied."""

    envelope: Envelope
    sequence: tuple[PrintPage, ...]
    sheets: int

    @property
    def pages(self) -> int:
        return len(self.sequence)

    @property
    def blank_pages(self) -> int:
        return sum(1 for page in self.sequence if page.kind == "blank")


@dataclass(frozen=True)
class OrderTotals:
    letters: int
    envelopes: int
    sheets: int
    pages: int
    blank_pages: int


@dataclass(frozen=True)
class PrintPlan:
    """An order's envelopes laid out with its options, before any file is written."""

    options: PrintOptions
    attachment_pages: int
    layouts: tuple[EnvelopeLayout, ...]

    @property
    def totals(self) -> OrderTotals:
        return OrderTotals(
            letters=sum(len(layout.envelope.letters) for layout in self.layouts),
            envelopes=len(self.layouts),
            sheets=sum(layout.sheets for layout in self.layouts),
            pages=sum(layout.pages for layout in self.layouts),
            blank_pages=sum(layout.blank_pages for layout in self.layouts),
        )


@dataclass(frozen=True)
class ManifestEntry:
    """Where an envelope is in the print file (0-based first page) and what it holds."""

    envelope: int
    contact_id: uuid.UUID
    first_page: int
    page_count: int
    blank_pages: int
    sheets: int
    letter_ids: tuple[uuid.UUID, ...]
    options: PrintOptions


# ----------------------------------------------------------------------------- envelopes

_DIGITS = re.compile(r"(\d+)")


def natural_key(name: str) -> tuple[str | int, ...]:
    """Sort key for unit names: "WE 2" before "WE 10", case ignored."""
    parts = _DIGITS.split(name.strip().casefold())
    # split() alternates text and digits, starting with text: positions never compare a str
    # with an int.
    return tuple(int(part) if i % 2 else part for i, part in enumerate(parts))


def build_envelopes(
    letters: Iterable[DispatchLetter],
    *,
    merge: bool = True,
    separate_contacts: Collection[uuid.UUID] = (),
) -> tuple[Envelope, ...]:
    """One envelope per contact (``merge``), or one per letter for the contacts in
    ``separate_contacts`` (for everybody without ``merge``). Envelopes follow the contacts'
    first letters; a contact's letters (or separate envelopes) go by unit name, then position."""
    first_of_contact: dict[uuid.UUID, int] = {}
    groups: dict[object, list[tuple[int, DispatchLetter]]] = {}
    for position, letter in enumerate(letters):
        first_of_contact.setdefault(letter.contact_id, position)
        together = merge and letter.contact_id not in separate_contacts
        key: object = letter.contact_id if together else position
        groups.setdefault(key, []).append((position, letter))

    def in_unit_order(item: tuple[int, DispatchLetter]) -> tuple[object, ...]:
        position, letter = item
        return (natural_key(letter.unit_name), position)

    for group in groups.values():
        group.sort(key=in_unit_order)
    ordered = sorted(
        groups.values(),
        key=lambda group: (first_of_contact[group[0][1].contact_id], *in_unit_order(group[0])),
    )
    return tuple(
        Envelope(
            number=number,
            contact_id=group[0][1].contact_id,
            letters=tuple(letter for _, letter in group),
        )
        for number, group in enumerate(ordered, start=1)
    )


def lay_out(envelope: Envelope, options: PrintOptions, *, attachment_pages: int) -> EnvelopeLayout:
    """The envelope's pages: each letter's, a blank after an odd letter when duplex-optimised,
    the attachments once, and with duplex a blank at the end of an odd envelope (the next
    envelope must not start on its last sheet's back)."""
    sequence: list[PrintPage] = []
    for letter in envelope.letters:
        sequence.extend(PrintPage("letter", index) for index in letter.pages)
        if options.duplex_optimised and len(letter.pages) % 2:
            sequence.append(BLANK)
    sequence.extend(PrintPage("attachment", index) for index in range(attachment_pages))
    if options.duplex and len(sequence) % 2:
        sequence.append(BLANK)
    sheets = math.ceil(len(sequence) / 2) if options.duplex else len(sequence)
    return EnvelopeLayout(envelope=envelope, sequence=tuple(sequence), sheets=sheets)


def plan_print(
    envelopes: Sequence[Envelope], options: PrintOptions, *, attachment_pages: int
) -> PrintPlan:
    return PrintPlan(
        options=options,
        attachment_pages=attachment_pages,
        layouts=tuple(lay_out(e, options, attachment_pages=attachment_pages) for e in envelopes),
    )


def attachment_page_count(attachments: Sequence[Path]) -> int:
    """Pages of the general attachments, one after another."""
    return _attachment_page_count(attachments)


# ---------------------------------------------------------------------------- print file


def write_print_file(
    plan: PrintPlan, *, source: Path, attachments: Sequence[Path] = (), path: Path
) -> tuple[ManifestEntry, ...]:
    """One PDF with every envelope of the plan, in order, from the letters file and the
    attachments (streams copied as they are); the manifest says where each envelope is."""
    entries = []
    with open_pdf(source) as letters_pdf, pikepdf.new() as out:
        attachment_pdfs = [open_pdf(a) for a in attachments]
        try:
            source_pages = list(letters_pdf.pages)
            attachment_source = [p for pdf in attachment_pdfs for p in list(pdf.pages)]
            if len(attachment_source) != plan.attachment_pages:
                raise ValueError(
                    f"plan has {plan.attachment_pages} attachment pages, files have "
                    f"{len(attachment_source)}"
                )
            pages = _PageCopier(out, source_pages, attachment_source)
            kids: list[pikepdf.Object] = []
            for layout in plan.layouts:
                first = len(kids)
                kids.extend(pages.copy(page) for page in layout.sequence)
                entries.append(
                    ManifestEntry(
                        envelope=layout.envelope.number,
                        contact_id=layout.envelope.contact_id,
                        first_page=first,
                        page_count=len(kids) - first,
                        blank_pages=layout.blank_pages,
                        sheets=layout.sheets,
                        letter_ids=layout.envelope.letter_ids,
                        options=plan.options,
                    )
                )
            tree = out.Root.Pages
            for kid in kids:
                kid.Parent = tree
            # The page tree in one go: appending thousands of pages one by one is quadratic.
            tree.Kids = pikepdf.Array(kids)
            tree.Count = len(kids)
            out.save(path, **_SAVE_OPTIONS)
        finally:
            for pdf in attachment_pdfs:
                pdf.close()
    return tuple(entries)


class _PageCopier:
    """Page objects of the print file: a source page is copied once; when it is needed again
    (the attachments in every envelope) a shallow copy shares its streams and resources."""

    def __init__(
        self, out: pikepdf.Pdf, letter_pages: list[pikepdf.Page], attachment_pages: list
    ) -> None:
        self.out = out
        self.letter_pages = letter_pages
        self.attachment_pages = attachment_pages
        self._copied: dict[tuple[str, int], pikepdf.Object] = {}
        self._blank_resources = out.make_indirect(pikepdf.Dictionary())
        self._blank_contents = out.make_stream(b"")

    def copy(self, page: PrintPage) -> pikepdf.Object:
        if page.kind == "blank":
            return self.out.make_indirect(
                pikepdf.Dictionary(
                    Type=pikepdf.Name.Page,
                    MediaBox=[0, 0, round(A4_WIDTH, 2), round(A4_HEIGHT, 2)],
                    Resources=self._blank_resources,
                    Contents=self._blank_contents,
                )
            )
        key = (page.kind, page.index)
        copied = self._copied.get(key)
        if copied is not None:
            return self.out.make_indirect(_shallow_page(copied))
        pages = self.letter_pages if page.kind == "letter" else self.attachment_pages
        copied = self.out.copy_foreign(pages[page.index].obj)
        self._copied[key] = copied
        return copied
