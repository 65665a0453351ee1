"""Realistic mail-merge PDFs for tests and the benchmark, written with pikepdf alone.

A4 pages, Helvetica with WinAnsiEncoding (so umlauts extract as umlauts), the recipient in the
DIN 5008 address window (form A or B) under a return-address line, the contact number in the
window's note zone and in the information block, a subject naming the unit, and on follow-up
pages a header that repeats the contact number. Also a generator of candidate contacts with
contracts, so tests and the benchmark build the same kind of directory.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import pikepdf

from hausportal.smartpost.engine.geometry import A4_HEIGHT, A4_WIDTH, WINDOW_FORM_A, mm
from hausportal.smartpost.engine.model import CandidateContact, CandidateContract

SENDER_LINE = "Hausverwaltung Sonnenhof GmbH · Königsallee 12 · 40212 Düsseldorf"


@dataclass(frozen=True)
class Recipient:
    """What the letter prints in the address window (may differ from the master data)."""

    name: str
    street: str
    zip_code: str
    city: str
    contact_number: str | None = None
    salutation: str = ""  # "Herrn", "Frau", or none

    @classmethod
    def of(cls, contact: CandidateContact, *, print_number: bool = True) -> Recipient:
        return cls(
            name=contact.name,
            street=contact.street or "",
            zip_code=contact.zip_code or "",
            city=contact.city or "",
            contact_number=contact.contact_number if print_number else None,
        )


@dataclass(frozen=True)
class SampleLetter:
    recipient: Recipient
    pages: int
    subject: str = "Hausgeldabrechnung 2025"
    # Named in the subject line when set ("Hausgeldabrechnung 2025, Einheit WE 03").
    unit_name: str | None = None
    form: Literal["A", "B"] = "B"
    # Printed small at the foot of the first or last page (separator mode).
    separator: str | None = None
    separator_on: Literal["first", "last"] = "first"
    # Top of the follow-up page header in mm; 12 keeps it in the letterhead zone, 50 puts the
    # repeated contact number inside the address window region (a trap for naive detection).
    followup_header_top_mm: float = 12.0


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


_FIRST_NAMES = _words(
    "Jürgen Sören Björn Günther Jörg Anna Lena Käthe Bärbel Uwe Heinz Ursula Max Erika Özlem "
    "Zoë Renée Sophie Lukas Jonas Maria Hans Klaus Petra Sabine Thomas Monika Andreas Brigitte "
    "Stefan Ute Wolfgang Helga Frank Ingrid Michael Gisela Dieter Renate Bernd Karin"
)
_SURNAMES = _words(
    "Müller Schmidt Schneider Fischer Weber Meyer Wagner Becker Schulz Hoffmann Schäfer Koch "
    "Bauer Richter Klein Wolf Schröder Neumann Schwarz Zimmermann Braun Krüger Hofmann Hartmann "
    "Lange Schmitt Werner Krause Köhler Weiß Groß Jäger Böhm Kühn Voß Hübner Grün Süß Löwe "
    "Straßburger Müller-Lüdenscheidt Öztürk Nußbaum Fuß Kießling Rößler Dörfler"
)
_STREETS = (
    "Hauptstraße",
    "Lindenstraße",
    "Schillerstr.",
    "Goethestraße",
    "Am Rosengarten",
    "Bahnhofstraße",
    "Kirchweg",
    "Münchner Straße",
    "Hans-Böckler-Str.",
    "Friedrich-Ebert-Straße",
    "Mühlenweg",
    "Schloßallee",
    "Königstraße",
    "Jülicher Str.",
    "Im Grünen Winkel",
)
_CITIES = (
    ("40212", "Düsseldorf"),
    ("50667", "Köln"),
    ("80331", "München"),
    ("10115", "Berlin"),
    ("20095", "Hamburg"),
    ("70173", "Stuttgart"),
    ("60311", "Frankfurt am Main"),
    ("04109", "Leipzig"),
    ("90402", "Nürnberg"),
    ("01067", "Dresden"),
    ("28195", "Bremen"),
    ("44135", "Dortmund"),
    ("45127", "Essen"),
    ("48143", "Münster"),
)
DASH = "\N{EN DASH}"


def _street(rng: random.Random) -> str:
    number = str(rng.randint(1, 180)) + rng.choice(["", "", "", "a", "b"])
    return f"{rng.choice(_STREETS)} {number}"


@dataclass
class SampleDirectory:
    """Candidate contacts with their contracts, plus the properties and units they live in."""

    contacts: list[CandidateContact] = field(default_factory=list)
    property_ids: list[uuid.UUID] = field(default_factory=list)

    def by_id(self) -> dict[uuid.UUID, CandidateContact]:
        return {c.contact_id: c for c in self.contacts}


def make_directory(
    *,
    properties: int = 1,
    contacts_per_property: int = 100,
    multi_unit_every: int = 0,
    seed: int = 1,
    number_start: int = 10001,
) -> SampleDirectory:
    """Owners of units ("WE 01", ...) in ``properties`` properties; every ``multi_unit_every``-th
    contact owns a second unit of the same property. Names are unique per directory."""
    rng = random.Random(seed)  # noqa: S311 (test data)
    directory = SampleDirectory()
    seen: set[str] = set()
    number = number_start
    for p in range(properties):
        property_id = uuid.UUID(int=rng.getrandbits(128))
        directory.property_ids.append(property_id)
        property_name = f"WEG {rng.choice(_SURNAMES)}park {p + 1}"
        unit_no = 0
        for i in range(contacts_per_property):
            while True:
                name = f"{rng.choice(_FIRST_NAMES)} {rng.choice(_SURNAMES)}"
                if name not in seen:
                    seen.add(name)
                    break
                name = (
                    f"{rng.choice(_FIRST_NAMES)} {rng.choice(_FIRST_NAMES)} {rng.choice(_SURNAMES)}"
                )
                if name not in seen:
                    seen.add(name)
                    break
            zip_code, city = rng.choice(_CITIES)
            units = 2 if multi_unit_every and i % multi_unit_every == multi_unit_every - 1 else 1
            contracts = []
            for _ in range(units):
                unit_no += 1
                contracts.append(
                    CandidateContract(
                        contract_id=uuid.UUID(int=rng.getrandbits(128)),
                        unit_id=uuid.UUID(int=rng.getrandbits(128)),
                        property_id=property_id,
                        role="owner",
                        unit_name=f"WE {unit_no:02d}",
                        property_name=property_name,
                    )
                )
            directory.contacts.append(
                CandidateContact(
                    contact_id=uuid.UUID(int=rng.getrandbits(128)),
                    name=name,
                    contact_number=str(number),
                    street=_street(rng),
                    zip_code=zip_code,
                    city=city,
                    contracts=tuple(contracts),
                )
            )
            number += 1
    return directory


# ------------------------------------------------------------------------------- PDF writing


def _pdf_string(text: str) -> bytes:
    raw = text.encode("cp1252")
    return b"(" + raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"


class _Page:
    """Collects text lines for one content stream; y is measured in mm from the top."""

    def __init__(self) -> None:
        self.ops: list[bytes] = []

    def text(self, x_mm: float, top_mm: float, text: str, *, size: float = 10, bold: bool = False):
        font = b"/F2" if bold else b"/F1"
        x = mm(x_mm)
        # top_mm is the top of the line; the baseline sits one cap height lower.
        y = A4_HEIGHT - mm(top_mm) - size * 0.75
        self.ops.append(
            b"BT %s %.1f Tf %.2f %.2f Td %s Tj ET" % (font, size, x, y, _pdf_string(text))
        )

    def rule(self, x_mm: float, top_mm: float, width_mm: float) -> None:
        y = A4_HEIGHT - mm(top_mm)
        self.ops.append(b"0.5 w %.2f %.2f m %.2f %.2f l S" % (mm(x_mm), y, mm(x_mm + width_mm), y))

    def logo(self) -> None:
        # A small vector logo (two filled squares) like a letterhead graphic.
        x, y = mm(150), A4_HEIGHT - mm(28)
        self.ops.append(b"q 0.2 0.4 0.6 rg %.2f %.2f 28 28 re f Q" % (x, y))
        self.ops.append(b"q 0.9 0.6 0.1 rg %.2f %.2f 14 14 re f Q" % (x + 20, y + 20))

    def content(self) -> bytes:
        return b"\n".join(self.ops)


_BODY_WORDS = _words(
    "Abrechnung Bewirtschaftungskosten Gemeinschaftseigentum Instandhaltungsrücklage Verteilung "
    "nach Miteigentumsanteilen Grundsteuer Müllabfuhr Straßenreinigung Gebäudeversicherung "
    "Hausmeister Gartenpflege Treppenhausreinigung Aufzug Wartung Heizkosten Warmwasser "
    "Verwaltergebühr Bankgebühren Nachzahlung Guthaben Vorauszahlungen Wirtschaftsplan "
    "Beschluss Eigentümerversammlung fällig überwiesen Konto Zeitraum Anteil Einheit gemäß"
)


def _body_lines(rng: random.Random, count: int) -> list[str]:
    lines = []
    for i in range(count):
        if i % 7 == 3:
            euros = rng.randint(10, 9999)
            cents = rng.randint(0, 99)
            lines.append(
                f"{rng.choice(_BODY_WORDS)} {rng.choice(_BODY_WORDS)} {euros:,}".replace(",", ".")
                + f",{cents:02d} € (Anteil {rng.randint(1, 99)}/1000)"
            )
        else:
            lines.append(" ".join(rng.choice(_BODY_WORDS) for _ in range(rng.randint(8, 11))))
    return lines


def _first_page(page: _Page, letter: SampleLetter, number_of_pages: int, rng: random.Random):
    r = letter.recipient
    window_top = WINDOW_FORM_A.top if letter.form == "A" else 45.0
    # Letterhead (above the window in form B, to the right in form A).
    page.logo()
    page.text(125, 10, "Hausverwaltung Sonnenhof GmbH", size=12, bold=True)
    page.text(125, 16, "Königsallee 12 · 40212 Düsseldorf", size=8)
    page.text(125, 20, "Telefon 0211 123456 · info@sonnenhof.example", size=8)
    # Address window: return line, note zone (contact number), address zone.
    page.text(25, window_top + 3, SENDER_LINE, size=6)
    if r.contact_number:
        page.text(25, window_top + 9, f"Kontakt-Nr. {r.contact_number}", size=8)
    line_top = window_top + 17.7
    for line in (r.salutation, r.name, r.street, f"{r.zip_code} {r.city}"):
        if line:
            page.text(25, line_top, line, size=10)
            line_top += 4.23
    # Information block to the right of the window.
    info_top = window_top + 5
    page.text(125, info_top, "Ihr Ansprechpartner: Frau Weiß", size=8)
    if r.contact_number:
        page.text(125, info_top + 4, f"Kontakt-Nr.: {r.contact_number}", size=8)
    page.text(125, info_top + 8, "Datum: 15.03.2026", size=8)
    subject = letter.subject + (f" {DASH} Einheit {letter.unit_name}" if letter.unit_name else "")
    top = 98.4 if letter.form == "B" else 80.0
    page.text(25, top, subject, size=11, bold=True)
    top += 10
    page.text(25, top, "Sehr geehrte Damen und Herren,", size=10)
    top += 8
    for line in _body_lines(rng, int((270 - top) / 4.5)):
        page.text(25, top, line, size=9)
        top += 4.5
    page.text(25, 282, f"Seite 1 von {number_of_pages}", size=8)


def _followup_page(
    page: _Page, letter: SampleLetter, page_no: int, number_of_pages: int, rng: random.Random
) -> None:
    r = letter.recipient
    header_top = letter.followup_header_top_mm
    number = f" · Kontakt-Nr. {r.contact_number}" if r.contact_number else ""
    page.text(25, header_top, f"{letter.subject} · {r.name}{number}", size=8)
    page.rule(25, header_top + 5, 160)
    top = max(header_top + 10, 25.0)
    if header_top > 20:
        top = 25.0
    for line in _body_lines(rng, 38):
        if abs(top - header_top) < 4.5:
            top += 4.5
        page.text(25, top, line, size=9)
        top += 4.5
    page.text(25, 282, f"Seite {page_no} von {number_of_pages}", size=8)


def _new_pdf() -> tuple[pikepdf.Pdf, pikepdf.Dictionary]:
    pdf = pikepdf.new()
    fonts = pikepdf.Dictionary(
        F1=pdf.make_indirect(
            pikepdf.Dictionary(
                Type=pikepdf.Name.Font,
                Subtype=pikepdf.Name.Type1,
                BaseFont=pikepdf.Name.Helvetica,
                Encoding=pikepdf.Name.WinAnsiEncoding,
            )
        ),
        F2=pdf.make_indirect(
            pikepdf.Dictionary(
                Type=pikepdf.Name.Font,
                Subtype=pikepdf.Name("/Type1"),
                BaseFont=pikepdf.Name("/Helvetica-Bold"),
                Encoding=pikepdf.Name.WinAnsiEncoding,
            )
        ),
    )
    resources = pdf.make_indirect(pikepdf.Dictionary(Font=fonts))
    return pdf, resources


def _add_page(pdf: pikepdf.Pdf, resources: pikepdf.Object, page: _Page) -> None:
    pdf.pages.append(
        pikepdf.Page(
            pikepdf.Dictionary(
                Type=pikepdf.Name.Page,
                MediaBox=[0, 0, round(A4_WIDTH, 2), round(A4_HEIGHT, 2)],
                Resources=resources,
                Contents=pdf.make_stream(page.content()),
            )
        )
    )


def write_serial_letter(path: Path, letters: Sequence[SampleLetter], *, seed: int = 7) -> list[int]:
    """Write the letters one after another; returns each letter's first page (0-based)."""
    rng = random.Random(seed)  # noqa: S311 (test data)
    pdf, resources = _new_pdf()
    starts = []
    page_index = 0
    for letter in letters:
        starts.append(page_index)
        for page_no in range(1, letter.pages + 1):
            page = _Page()
            if page_no == 1:
                _first_page(page, letter, letter.pages, rng)
            else:
                _followup_page(page, letter, page_no, letter.pages, rng)
            if letter.separator and (
                (letter.separator_on == "first" and page_no == 1)
                or (letter.separator_on == "last" and page_no == letter.pages)
            ):
                page.text(25, 288, letter.separator, size=5)
            _add_page(pdf, resources, page)
            page_index += 1
    pdf.save(path, compress_streams=True)
    return starts


def write_attachment(path: Path, *, pages: int = 2, title: str = "Anlage") -> None:
    """A general attachment (e.g. the economic plan), the same for every recipient."""
    rng = random.Random(len(title) + pages)  # noqa: S311 (test data)
    pdf, resources = _new_pdf()
    for page_no in range(1, pages + 1):
        page = _Page()
        page.text(25, 20, f"{title} {DASH} Seite {page_no} von {pages}", size=12, bold=True)
        top = 32.0
        for line in _body_lines(rng, 50):
            page.text(25, top, line, size=9)
            top += 4.5
        _add_page(pdf, resources, page)
    pdf.save(path, compress_streams=True)


def serial_letter_for(
    directory: SampleDirectory, *, letters: int, seed: int = 3
) -> list[tuple[CandidateContact, SampleLetter]]:
    """``letters`` letters of 1-4 pages for the directory's contacts, in directory order, each
    naming its unit; a contact with several units gets one letter per unit. Contacts are reused
    from the start when there are more letters than contacts."""
    rng = random.Random(seed)  # noqa: S311 (test data)
    out: list[tuple[CandidateContact, SampleLetter]] = []
    i = 0
    while len(out) < letters:
        contact = directory.contacts[i % len(directory.contacts)]
        i += 1
        recipient = Recipient.of(contact, print_number=True)
        for contract in contact.contracts:
            out.append(
                (contact, SampleLetter(recipient, rng.randint(1, 4), unit_name=contract.unit_name))
            )
    return out[:letters]
