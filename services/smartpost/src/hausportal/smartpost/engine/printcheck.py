"""The print check before a postal order: which letters the print service can take, and why not.

Every page A4 portrait as printed (crop box and /Rotate); the address as text in the DIN 5008
window; a foreign address ending in its country; Einwurfeinschreiben within Germany only; the
provider's page and sheet limits per envelope. A letter that fails is left out of the order (it
stays in the portal) with a stable code and a German reason for the manager.
"""

from __future__ import annotations

import enum
import re
import uuid
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from pathlib import Path

import pikepdf

from hausportal.smartpost.engine.assembly import open_pdf
from hausportal.smartpost.engine.dispatch import (
    DispatchLetter,
    Envelope,
    PrintOptions,
    attachment_page_count,
    build_envelopes,
    lay_out,
)
from hausportal.smartpost.engine.extract import PageReader
from hausportal.smartpost.engine.geometry import A4_HEIGHT, A4_WIDTH, ADDRESS_REGION, Box
from hausportal.smartpost.engine.normalise import contains_phrase, normalise
from hausportal.smartpost.engine.windowtext import window_lines

# "About A4": mail-merge tools round the size a little (595 x 842, 595.3 x 841.9, ...).
A4_TOLERANCE_PT = 3.0
_PT_PER_MM = 72 / 25.4


class CheckCode(enum.StrEnum):
    not_a4 = "not_a4"
    landscape = "landscape"
    address_not_text = "address_not_text"
    country_missing = "country_missing"
    registered_abroad = "registered_abroad"
    too_many_pages = "too_many_pages"
    too_many_sheets = "too_many_sheets"
    # The letter alone fits, but not together with the contact's other letters.
    envelope_too_large = "envelope_too_large"
    attachment_not_a4 = "attachment_not_a4"


@dataclass(frozen=True)
class CheckFailure:
    code: CheckCode
    message: str
    # 1-based page of the letter (or of the attachment) concerned, when it is one page.
    page: int | None = None


@dataclass(frozen=True)
class FailedLetter:
    letter: DispatchLetter
    failures: tuple[CheckFailure, ...]

    @property
    def codes(self) -> tuple[CheckCode, ...]:
        return tuple(failure.code for failure in self.failures)


@dataclass(frozen=True)
class PrintCheck:
    """The letters the order may take, in their given order, and those left out."""

    printable: tuple[DispatchLetter, ...]
    failed: tuple[FailedLetter, ...]

    def failed_by_id(self) -> dict[uuid.UUID, FailedLetter]:
        return {item.letter.letter_id: item for item in self.failed}


@dataclass(frozen=True)
class ProviderLimits:
    """What the print service takes per envelope (None: no limit)."""

    max_pages: int | None = None
    max_sheets: int | None = None


# ------------------------------------------------------------------------------- countries

# ISO code: (German name for messages, other names a letter may print). The common ones of a
# German property manager's foreign owners; any other country is accepted by its ISO code.
COUNTRIES: dict[str, tuple[str, ...]] = {
    "DE": ("Deutschland", "Germany", "Bundesrepublik Deutschland"),
    "AT": ("Österreich", "Austria", "Republik Österreich"),
    "CH": ("Schweiz", "Switzerland", "Suisse", "Svizzera", "Schweizerische Eidgenossenschaft"),
    "LI": ("Liechtenstein",),
    "NL": ("Niederlande", "Netherlands", "Nederland", "Holland"),
    "BE": ("Belgien", "Belgium", "Belgique", "België"),
    "LU": ("Luxemburg", "Luxembourg"),
    "FR": ("Frankreich", "France"),
    "IT": ("Italien", "Italy", "Italia"),
    "ES": ("Spanien", "Spain", "España"),
    "PT": ("Portugal",),
    "DK": ("Dänemark", "Denmark", "Danmark"),
    "SE": ("Schweden", "Sweden", "Sverige"),
    "NO": ("Norwegen", "Norway", "Norge"),
    "FI": ("Finnland", "Finland", "Suomi"),
    "PL": ("Polen", "Poland", "Polska"),
    "CZ": ("Tschechien", "Czechia", "Czech Republic", "Tschechische Republik", "Česko"),
    "SK": ("Slowakei", "Slovakia", "Slovensko"),
    "HU": ("Ungarn", "Hungary", "Magyarország"),
    "SI": ("Slowenien", "Slovenia", "Slovenija"),
    "HR": ("Kroatien", "Croatia", "Hrvatska"),
    "RO": ("Rumänien", "Romania", "România"),
    "BG": ("Bulgarien", "Bulgaria"),
    "GR": ("Griechenland", "Greece", "Hellas"),
    "TR": ("Türkei", "Turkey", "Türkiye"),
    "GB": ("Vereinigtes Königreich", "United Kingdom", "Großbritannien", "Great Britain", "UK"),
    "IE": ("Irland", "Ireland", "Éire"),
    "US": ("Vereinigte Staaten", "United States", "USA", "United States of America"),
}
_COUNTRY_NAMES = {
    code: tuple(normalise(name) for name in names) for code, names in COUNTRIES.items()
}


def country_name(code: str) -> str:
    """The German name of a country for messages ("AT": "Österreich"), else the code."""
    code = code.strip().upper()
    return COUNTRIES.get(code, (code,))[0]


def names_country(line: str, code: str) -> bool:
    """Whether an address line names the country: German or English (or native) name, or its
    ISO code alone on the line."""
    code = code.strip().upper()
    text = normalise(line)
    if text == code.casefold():
        return True
    return any(contains_phrase(text, name) for name in _COUNTRY_NAMES.get(code, ()))


# --------------------------------------------------------------------------- the address

# A postcode and the place after it: "40212 Düsseldorf", "1010 Wien", "A-1010 Wien",
# "1012 AB Amsterdam", "00-950 Warszawa", "110 00 Praha", "1000-001 Lisboa".
_POSTCODE_LINE = re.compile(
    r"^(?:[A-Z]{1,3}-)?(?:\d{5}|\d{4}(?:-\d{3})?(?:\s?[A-Z]{2}\b)?|\d{2}-\d{3}|\d{3}\s\d{2})\s+\w",
    re.IGNORECASE,
)
# British and Irish postcodes stand on a line of their own or after the town: "SW1A 1AA".
_UK_POSTCODE = re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}$")


def address_lines(lines: Sequence[str]) -> list[str]:
    """The window's lines up to the line after the postcode line (the country's place);
    empty when no line holds a postcode and place."""
    postcode_lines = [
        i for i, line in enumerate(lines) if _POSTCODE_LINE.match(line) or _UK_POSTCODE.search(line)
    ]
    if not postcode_lines:
        return []
    return lines[: postcode_lines[-1] + 2]


# ------------------------------------------------------------------------------ the pages


@dataclass(frozen=True)
class _Shape:
    """A page as it is printed: the visible box, turned by /Rotate."""

    width: float
    height: float
    rotate: int
    # The visible box before rotation, in millimetres (for the address window of a turned page).
    box_width_mm: float
    box_height_mm: float

    @property
    def a4_portrait(self) -> bool:
        return _about(self.width, A4_WIDTH) and _about(self.height, A4_HEIGHT)

    @property
    def a4_landscape(self) -> bool:
        return _about(self.width, A4_HEIGHT) and _about(self.height, A4_WIDTH)


def _about(value: float, target: float) -> bool:
    return abs(value - target) <= A4_TOLERANCE_PT


def _shape(page: pikepdf.Page) -> _Shape:
    media = [float(v) for v in page.mediabox]
    crop = [float(v) for v in page.cropbox]
    # The visible part is the crop box clipped to the media box.
    left, right = max(min(media[0::2]), min(crop[0::2])), min(max(media[0::2]), max(crop[0::2]))
    bottom, top = max(min(media[1::2]), min(crop[1::2])), min(max(media[1::2]), max(crop[1::2]))
    width, height = max(right - left, 0.0), max(top - bottom, 0.0)
    rotate = _rotation(page.obj)
    shown = (height, width) if rotate in (90, 270) else (width, height)
    return _Shape(*shown, rotate, width / _PT_PER_MM, height / _PT_PER_MM)


def _rotation(page: pikepdf.Object) -> int:
    # /Rotate is inheritable from the page tree.
    node: pikepdf.Object | None = page
    for _ in range(64):
        if node is None:
            break
        if "/Rotate" in node:
            return int(node.Rotate) % 360
        node = node.get("/Parent")
    return 0


def _shape_failure(shape: _Shape, page_no: int, *, where: str, attachment: bool) -> CheckFailure:
    if attachment:
        code = CheckCode.attachment_not_a4
    else:
        code = CheckCode.landscape if shape.a4_landscape else CheckCode.not_a4
    if shape.a4_landscape:
        turned = " (durch eine Drehung der Seite)" if shape.rotate in (90, 270) else ""
        message = (
            f"{where} {page_no} ist im Querformat{turned}. Der Druckdienst druckt nur A4 "
            "hochkant; bitte die Seite hochkant anlegen."
        )
        return CheckFailure(code, message, page_no)
    width_mm, height_mm = shape.width / _PT_PER_MM, shape.height / _PT_PER_MM
    message = (
        f"{where} {page_no} hat das Format {width_mm:.0f} x {height_mm:.0f} mm statt A4 "
        "hochkant (210 x 297 mm)."
    )
    return CheckFailure(code, message, page_no)


def _window_region(shape: _Shape) -> Box:
    """The address region in the unrotated page's space, for a page shown turned."""
    region = ADDRESS_REGION
    w, h = shape.box_width_mm, shape.box_height_mm
    left, top, width, height = region.left, region.top, region.width, region.height
    # /Rotate turns clockwise: shown (x, y) is (h - y, x) of the unrotated page at 90 degrees,
    # (w - x, h - y) at 180 and (y, w - x) at 270, both measured from the top-left corner.
    if shape.rotate == 90:
        return Box(top, h - left - width, height, width)
    if shape.rotate == 180:
        return Box(w - left - width, h - top - height, width, height)
    if shape.rotate == 270:
        return Box(w - top - height, left, height, width)
    return region


# ------------------------------------------------------------------------------ the check


def check_letters(
    source: Path,
    letters: Sequence[DispatchLetter],
    *,
    options: PrintOptions,
    attachments: Sequence[Path] = (),
    limits: ProviderLimits = ProviderLimits(),
    merge: bool = True,
    separate_contacts: Collection[uuid.UUID] = (),
) -> PrintCheck:
    """Split ``letters`` into those the order may take and those that fail, with reasons.
    The envelope limits also apply to the envelopes the printable letters make together."""
    attachment_pages = attachment_page_count(attachments)
    attachment_failures = _attachment_failures(attachments)
    failures: dict[int, list[CheckFailure]] = {}
    with open_pdf(source) as pdf:
        pages = list(pdf.pages)
        reader = PageReader(source)
        try:
            for position, letter in enumerate(letters):
                found = _letter_failures(letter, pages, reader)
                found += _limit_failures(
                    Envelope(0, letter.contact_id, (letter,)),
                    options,
                    limits,
                    attachment_pages=attachment_pages,
                )
                if options.registered and letter.abroad:
                    found.append(
                        CheckFailure(
                            CheckCode.registered_abroad,
                            "Einwurfeinschreiben gibt es nur innerhalb Deutschlands; die "
                            f"Anschrift liegt im Ausland ({country_name(letter.country)}). "
                            "Bitte diesen Brief ohne Einschreiben versenden.",
                        )
                    )
                found += attachment_failures
                if found:
                    failures[position] = found
        finally:
            reader.close()
    positions = {letter.letter_id: i for i, letter in enumerate(letters)}
    passing = [letter for i, letter in enumerate(letters) if i not in failures]
    for envelope in build_envelopes(passing, merge=merge, separate_contacts=separate_contacts):
        if len(envelope.letters) < 2:
            continue
        too_large = _limit_failures(envelope, options, limits, attachment_pages=attachment_pages)
        if too_large:
            together = _together(too_large, len(envelope.letters))
            for letter in envelope.letters:
                failures[positions[letter.letter_id]] = [together]
    return PrintCheck(
        printable=tuple(letter for i, letter in enumerate(letters) if i not in failures),
        failed=tuple(
            FailedLetter(letter, tuple(failures[i]))
            for i, letter in enumerate(letters)
            if i in failures
        ),
    )


def _letter_failures(
    letter: DispatchLetter, pages: list[pikepdf.Page], reader: PageReader
) -> list[CheckFailure]:
    found = []
    first_shape: _Shape | None = None
    for page_no, index in enumerate(letter.pages, start=1):
        shape = _shape(pages[index])
        if page_no == 1:
            first_shape = shape
        if not shape.a4_portrait:
            found.append(_shape_failure(shape, page_no, where="Seite", attachment=False))
    # Where the first page is not A4 portrait, the window is not where the envelope's is.
    if first_shape is None or not first_shape.a4_portrait:
        return found
    window = window_lines(
        reader, letter.pages[0], _window_region(first_shape), rotate=first_shape.rotate
    )
    lines = address_lines(window)
    if not lines:
        found.append(_address_failure(window))
    elif letter.abroad and not names_country(lines[-1], letter.country):
        name = country_name(letter.country)
        found.append(
            CheckFailure(
                CheckCode.country_missing,
                f"Die Anschrift geht ins Ausland ({name}), aber die letzte Zeile im Adressfeld "
                f"nennt das Land nicht („{lines[-1]}“). Bitte „{name.upper()}“ als letzte Zeile "
                "der Anschrift ergänzen.",
                1,
            )
        )
    return found


def _address_failure(window: Sequence[str]) -> CheckFailure:
    if not window:
        message = (
            "Im Adressfeld (DIN 5008) steht kein lesbarer Text; vermutlich ist die Anschrift "
            "ein Bild. Der Druckdienst braucht die Anschrift als Text: bitte den Brief so "
            "erzeugen, dass die Anschrift als Text im Adressfeld steht."
        )
    else:
        message = (
            "Im Adressfeld (DIN 5008) ist keine Anschrift als Text lesbar: keine Zeile mit "
            "Postleitzahl und Ort (steht die Anschrift als Bild oder außerhalb des Fensters?). "
            "Bitte den Brief so erzeugen, dass die Anschrift als Text im Adressfeld steht."
        )
    return CheckFailure(CheckCode.address_not_text, message, 1)


def _limit_failures(
    envelope: Envelope, options: PrintOptions, limits: ProviderLimits, *, attachment_pages: int
) -> list[CheckFailure]:
    layout = lay_out(envelope, options, attachment_pages=attachment_pages)
    found = []
    if limits.max_pages is not None and layout.pages > limits.max_pages:
        found.append(
            CheckFailure(
                CheckCode.too_many_pages,
                f"Der Umschlag hätte {layout.pages} Seiten (mit Anlagen und Leerseiten); der "
                f"Druckdienst nimmt höchstens {limits.max_pages} Seiten je Umschlag.",
            )
        )
    if limits.max_sheets is not None and layout.sheets > limits.max_sheets:
        found.append(
            CheckFailure(
                CheckCode.too_many_sheets,
                f"Der Umschlag hätte {layout.sheets} Blatt; der Druckdienst nimmt höchstens "
                f"{limits.max_sheets} Blatt je Umschlag.",
            )
        )
    return found


def _together(too_large: list[CheckFailure], letters: int) -> CheckFailure:
    reasons = " ".join(failure.message for failure in too_large)
    return CheckFailure(
        CheckCode.envelope_too_large,
        f"Zusammen mit den anderen Briefen an diesen Kontakt ({letters} Briefe in einem "
        f"Umschlag) ist der Umschlag zu groß: {reasons} Bitte die Briefe dieses Kontakts "
        "einzeln versenden.",
    )


def _attachment_failures(attachments: Sequence[Path]) -> list[CheckFailure]:
    found = []
    for path in attachments:
        with open_pdf(path) as pdf:
            for page_no, page in enumerate(list(pdf.pages), start=1):
                shape = _shape(page)
                if not shape.a4_portrait:
                    found.append(
                        _shape_failure(
                            shape,
                            page_no,
                            where=f"Die Anlage „{path.name}“, Seite",
                            attachment=True,
                        )
                    )
    return found
