"""The print check: letters a print service cannot take are reported and left out."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from pathlib import Path

import pikepdf
import pytest

from hausportal.smartpost.engine import (
    CheckCode,
    DispatchLetter,
    PrintOptions,
    ProviderLimits,
    Sides,
    build_envelopes,
    check_letters,
    plan_print,
    write_print_file,
)
from hausportal.smartpost.engine.geometry import A4_HEIGHT, A4_WIDTH, mm
from hausportal.smartpost.engine.samples import (
    Recipient,
    SampleLetter,
    _new_pdf,
    _pdf_string,
    write_attachment,
    write_serial_letter,
)

OPTIONS = PrintOptions(sides=Sides.duplex, duplex_optimised=True)
GERMAN = Recipient("Jürgen Müller", "Hauptstraße 12", "40212", "Düsseldorf", "10001")
NO_ADDRESS_TEXT = Recipient("", "", "", "")
VIENNA = Recipient("Sophie Gruber", "Mariahilfer Straße 1", "1060", "Wien", "10004")
ZURICH = Recipient("Renée Keller", "Bahnhofstrasse 5", "8001", "Zürich", "10005")
# Form B: the address zone's lines start 17.7 mm below the window's top (45 mm), 4.23 mm apart;
# the line after name, street and town is the fourth.
FOURTH_LINE_B = 45 + 17.7 + 3 * 4.23
FOURTH_LINE_A = 27 + 17.7 + 3 * 4.23


def add_address_line(pdf: pikepdf.Pdf, page: pikepdf.Page, top_mm: float, text: str) -> None:
    """One more line in the address window (the samples' font /F1), e.g. the country."""
    y = A4_HEIGHT - mm(top_mm) - 7.5
    op = b"BT /F1 10 Tf %.2f %.2f Td %s Tj ET" % (mm(25), y, _pdf_string(text))
    page.contents_add(pikepdf.Stream(pdf, op), prepend=False)


def draw_address_image(pdf: pikepdf.Pdf, page: pikepdf.Page) -> None:
    """The address as a picture: a small grey image XObject in the window, no text."""
    image = pikepdf.Stream(pdf, bytes(range(0, 256, 2)) * 8)
    image.Type, image.Subtype = pikepdf.Name.XObject, pikepdf.Name.Image
    image.Width, image.Height = 128, 8
    image.ColorSpace, image.BitsPerComponent = pikepdf.Name.DeviceGray, 8
    name = page.add_resource(image, pikepdf.Name.XObject, prefix="Im")
    x, y = mm(25), A4_HEIGHT - mm(80)
    op = b"q %.2f 0 0 %.2f %.2f %.2f cm %s Do Q" % (mm(70), mm(16), x, y, bytes(str(name), "ascii"))
    page.contents_add(pikepdf.Stream(pdf, op), prepend=False)


def turn_landscape(page: pikepdf.Page) -> None:
    page.obj.MediaBox = pikepdf.Array([0, 0, round(A4_HEIGHT, 2), round(A4_WIDTH, 2)])


def rotate(page: pikepdf.Page, degrees: int) -> None:
    page.obj.Rotate = degrees


def write_portrait_by_rotation(path: Path, lines: Sequence[str]) -> None:
    """A landscape media box turned by /Rotate 90, so it prints as A4 portrait, with the
    address drawn upright (as shown) in the form B window."""
    pdf, resources = _new_pdf()  # the samples' fonts
    ops = []
    for i, line in enumerate(lines):
        top = 62.7 + i * 4.23
        # Shown (x, y from the top) is (y, x) of the page before the quarter turn clockwise.
        ops.append(
            b"BT /F1 10 Tf 0 1 -1 0 %.2f %.2f Tm %s Tj ET"
            % (mm(top) + 7.5, mm(25), _pdf_string(line))
        )
    pdf.pages.append(
        pikepdf.Page(
            pikepdf.Dictionary(
                Type=pikepdf.Name.Page,
                MediaBox=[0, 0, round(A4_HEIGHT, 2), round(A4_WIDTH, 2)],
                Rotate=90,
                Resources=resources,
                Contents=pdf.make_stream(b"\n".join(ops)),
            )
        )
    )
    pdf.save(path)


class Batch:
    """A serial letter with one letter per case; edits applied to the written file."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.samples: list[SampleLetter] = []
        self.countries: list[str] = []
        self.edits: list[tuple[int, Callable[[pikepdf.Pdf, list[pikepdf.Page]], None]]] = []
        self.names: list[str] = []

    def add(
        self,
        name: str,
        letter: SampleLetter,
        *,
        country: str = "DE",
        edit: Callable[[pikepdf.Pdf, list[pikepdf.Page]], None] | None = None,
    ) -> None:
        self.names.append(name)
        self.samples.append(letter)
        self.countries.append(country)
        if edit is not None:
            self.edits.append((len(self.samples) - 1, edit))

    def write(self) -> dict[str, DispatchLetter]:
        starts = write_serial_letter(self.path, self.samples)
        with pikepdf.open(self.path, allow_overwriting_input=True) as pdf:
            pages = list(pdf.pages)
            for index, edit in self.edits:
                start = starts[index]
                edit(pdf, pages[start : start + self.samples[index].pages])
            pdf.save(self.path)
        return {
            name: DispatchLetter(
                letter_id=uuid.uuid4(),
                contact_id=uuid.uuid4(),
                pages=tuple(range(start, start + sample.pages)),
                unit_name=sample.unit_name or "",
                country=country,
            )
            for name, sample, start, country in zip(
                self.names, self.samples, starts, self.countries, strict=True
            )
        }


@pytest.fixture
def letters(tmp_path: Path) -> dict[str, DispatchLetter]:
    batch = Batch(tmp_path / "serienbrief.pdf")
    batch.add("germany", SampleLetter(GERMAN, 2))
    batch.add(
        "image address",
        SampleLetter(NO_ADDRESS_TEXT, 2),
        edit=lambda pdf, pages: draw_address_image(pdf, pages[0]),
    )
    batch.add(
        "landscape", SampleLetter(GERMAN, 3), edit=lambda pdf, pages: turn_landscape(pages[1])
    )
    batch.add("turned landscape", SampleLetter(GERMAN, 2), edit=lambda pdf, p: rotate(p[0], 90))
    batch.add("upside down", SampleLetter(GERMAN, 1), edit=lambda pdf, p: rotate(p[0], 180))
    batch.add("austria without country", SampleLetter(VIENNA, 2), country="AT")
    batch.add(
        "austria",
        SampleLetter(VIENNA, 1),
        country="AT",
        edit=lambda pdf, pages: add_address_line(pdf, pages[0], FOURTH_LINE_B, "ÖSTERREICH"),
    )
    batch.add(
        "switzerland in english",
        SampleLetter(ZURICH, 3),
        country="CH",
        edit=lambda pdf, pages: add_address_line(pdf, pages[0], FOURTH_LINE_B, "SWITZERLAND"),
    )
    batch.add(
        "austria form A",
        SampleLetter(VIENNA, 2, form="A", unit_name="WE 3"),
        country="at",
        edit=lambda pdf, pages: add_address_line(pdf, pages[0], FOURTH_LINE_A, "AT"),
    )
    # Form A: the subject line follows the address inside the window region.
    batch.add(
        "switzerland form A without country",
        SampleLetter(ZURICH, 1, form="A", unit_name="WE 4"),
        country="CH",
    )
    batch.add("germany form A", SampleLetter(GERMAN, 4, form="A", unit_name="WE 5"))
    letters = batch.write()
    letters["source"] = batch.path  # type: ignore[assignment]
    return letters


FAILING = {
    "image address": [CheckCode.address_not_text],
    "landscape": [CheckCode.landscape],
    "turned landscape": [CheckCode.landscape],
    # Portrait, but printed upside down: the address is not behind the window.
    "upside down": [CheckCode.address_not_text],
    "austria without country": [CheckCode.country_missing],
    "switzerland form A without country": [CheckCode.country_missing],
}


class TestPrintCheck:
    def test_failing_letters_are_reported_with_their_reason_and_left_out(
        self, letters: dict, tmp_path: Path
    ):
        source = letters.pop("source")
        by_id = {letter.letter_id: name for name, letter in letters.items()}

        check = check_letters(source, list(letters.values()), options=OPTIONS)

        failed = {by_id[item.letter.letter_id]: item for item in check.failed}
        assert {name: list(item.codes) for name, item in failed.items()} == FAILING
        assert [by_id[letter.letter_id] for letter in check.printable] == [
            name for name in letters if name not in FAILING
        ]
        assert "Bild" in failed["image address"].failures[0].message
        landscape = failed["landscape"].failures[0]
        assert landscape.page == 2
        assert landscape.message.startswith("Seite 2 ist im Querformat.")
        assert "Drehung" in failed["turned landscape"].failures[0].message
        missing = failed["austria without country"].failures[0]
        assert "Österreich" in missing.message
        assert "„ÖSTERREICH“" in missing.message
        assert "1060 Wien" in missing.message

        # The rest is ordered: exactly the printable letters are in the print file.
        plan = plan_print(build_envelopes(check.printable), OPTIONS, attachment_pages=0)
        manifest = write_print_file(plan, source=source, path=tmp_path / "druck.pdf")
        ordered = {letter_id for entry in manifest for letter_id in entry.letter_ids}
        assert ordered == {letter.letter_id for letter in check.printable}
        with pikepdf.open(tmp_path / "druck.pdf") as pdf:
            assert len(pdf.pages) == plan.totals.pages == sum(e.page_count for e in manifest)

    def test_a4_portrait_by_a_quarter_turn_reads_the_window_as_shown(self, tmp_path: Path):
        path = tmp_path / "gedreht.pdf"
        write_portrait_by_rotation(path, ["Sophie Gruber", "Mariahilfer Straße 1", "1060 Wien"])
        letter = DispatchLetter(uuid.uuid4(), uuid.uuid4(), (0,), country="AT")

        check = check_letters(path, [letter], options=OPTIONS)

        assert [item.codes for item in check.failed] == [(CheckCode.country_missing,)]
        assert "„1060 Wien“" in check.failed[0].failures[0].message

    def test_registered_mail_only_within_germany(self, letters: dict):
        source = letters.pop("source")
        chosen = [letters["germany"], letters["austria"]]

        check = check_letters(source, chosen, options=PrintOptions(registered=True))

        assert check.printable == (letters["germany"],)
        assert [item.codes for item in check.failed] == [(CheckCode.registered_abroad,)]
        assert "nur innerhalb Deutschlands" in check.failed[0].failures[0].message

    def test_provider_limits_per_envelope(self, letters: dict):
        source = letters.pop("source")
        limits = ProviderLimits(max_pages=6, max_sheets=2)
        # Germany form A: 4 pages, 2 sheets duplex; with a 3-page attachment 8 pages, 4 sheets.
        chosen = [letters["germany form A"]]

        alone = check_letters(source, chosen, options=OPTIONS, limits=limits)
        with_attachment = check_letters(
            source, chosen, options=OPTIONS, limits=limits, attachments=[self._attachment(source)]
        )

        assert alone.printable == tuple(chosen)
        assert [item.codes for item in with_attachment.failed] == [
            (CheckCode.too_many_pages, CheckCode.too_many_sheets)
        ]
        assert "höchstens 6 Seiten" in with_attachment.failed[0].failures[0].message

    def test_letters_fitting_alone_but_not_together(self, letters: dict):
        source = letters.pop("source")
        contact = uuid.uuid4()
        first, second = (
            DispatchLetter(uuid.uuid4(), contact, letters[name].pages, unit_name=unit)
            for name, unit in (("germany", "WE 1"), ("germany form A", "WE 2"))
        )
        limits = ProviderLimits(max_sheets=2)

        merged = check_letters(source, [first, second], options=OPTIONS, limits=limits)
        separate = check_letters(
            source, [first, second], options=OPTIONS, limits=limits, merge=False
        )

        assert merged.printable == ()
        assert [item.codes for item in merged.failed] == [(CheckCode.envelope_too_large,)] * 2
        assert "einzeln versenden" in merged.failed[0].failures[0].message
        assert separate.printable == (first, second)

    def test_a_landscape_attachment_fails_every_letter(self, letters: dict, tmp_path: Path):
        source = letters.pop("source")
        attachment = tmp_path / "anlage-quer.pdf"
        write_attachment(attachment, pages=2)
        with pikepdf.open(attachment, allow_overwriting_input=True) as pdf:
            turn_landscape(pdf.pages[1])
            pdf.save(attachment)

        check = check_letters(
            source, [letters["germany"]], options=OPTIONS, attachments=[attachment]
        )

        assert check.printable == ()
        failure = check.failed[0].failures[0]
        assert (failure.code, failure.page) == (CheckCode.attachment_not_a4, 2)
        assert "anlage-quer.pdf" in failure.message

    def test_a_page_of_another_size_is_not_a4(self, letters: dict):
        source = letters.pop("source")
        with pikepdf.open(source, allow_overwriting_input=True) as pdf:
            pdf.pages[0].obj.MediaBox = pikepdf.Array([0, 0, 612, 792])  # US Letter
            pdf.save(source)

        check = check_letters(source, [letters["germany"]], options=OPTIONS)

        failure = check.failed[0].failures[0]
        assert failure.code == CheckCode.not_a4
        assert "216 x 279 mm" in failure.message

    @staticmethod
    def _attachment(source: Path) -> Path:
        path = source.with_name("anlage.pdf")
        write_attachment(path, pages=3)
        return path
