"""The PDF/A version of a serial letter (issue 6, download link): veraPDF says PDF/A-2b, the text
layer still has every umlaut, and nothing is lost or added.

veraPDF comes from `make pdfa-tools` (.tools/verapdf, or HP_TEST_VERAPDF). Like the real servers
of the other suites: with HP_REQUIRE_INFRA=1 (`make test`) a missing validator fails the test,
otherwise it is skipped.
"""

from __future__ import annotations

import os
import subprocess
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pikepdf
import pypdfium2
import pytest

from hausportal.kit.testing import REQUIRE_INFRA
from hausportal.smartpost.engine import (
    PdfaNotPossible,
    SplitOptions,
    split_and_assemble,
    to_pdfa,
)
from hausportal.smartpost.engine.pdfa import liberation_for
from hausportal.smartpost.engine.samples import (
    make_directory,
    serial_letter_for,
    write_attachment,
    write_serial_letter,
)

ROOT = Path(__file__).resolve().parents[3]
MADE_AT = datetime(2026, 3, 15, 9, 30, tzinfo=UTC)
TITLE = "Hausgeldabrechnung 2025 \N{EN DASH} WEG Müllerpark"


def verapdf_launcher() -> Path:
    configured = os.environ.get("HP_TEST_VERAPDF")
    launcher = Path(configured) if configured else ROOT / ".tools" / "verapdf" / "bin" / "verapdf"
    if launcher.is_file() and os.access(launcher, os.X_OK):
        return launcher
    message = f"the veraPDF validator is not installed ({launcher}): run `make pdfa-tools`"
    if REQUIRE_INFRA:
        pytest.fail(message)
    pytest.skip(message)


@dataclass(frozen=True)
class Verdict:
    compliant: bool
    failed_rules: list[str]


def validate(launcher: Path, *files: Path) -> dict[str, Verdict]:
    """veraPDF's verdict on each file against PDF/A-2b, with the clauses of failed rules."""
    run = subprocess.run(
        [str(launcher), "--flavour", "2b", "--format", "xml", "--maxfailuresdisplayed", "1"]
        + [str(f) for f in files],
        capture_output=True,
        timeout=300,
        check=False,
    )
    if not run.stdout.strip():
        raise AssertionError(f"veraPDF gave no report: {run.stderr.decode(errors='replace')}")
    verdicts = {}
    for job in ET.fromstring(run.stdout).iter("job"):  # noqa: S314 (our validator's report)
        name = job.findtext("item/name")
        report = job.find("validationReport")
        assert name is not None
        assert report is not None, f"veraPDF did not validate {name}: {ET.tostring(job)[:2000]!r}"
        failed = [
            f"{rule.get('clause')}-{rule.get('testNumber')}: {rule.findtext('description')}"
            for rule in report.iter("rule")
            if rule.get("status") == "failed"
        ]
        verdicts[name] = Verdict(report.get("isCompliant") == "true", failed)
    return verdicts


def page_texts(path: Path) -> list[str]:
    """The whole text layer of every page (also what runs past the page edge)."""
    document = pypdfium2.PdfDocument(path)
    try:
        texts = []
        for page in document:
            textpage = page.get_textpage()
            texts.append(textpage.get_text_range())
            textpage.close()
            page.close()
        return texts
    finally:
        document.close()


@dataclass(frozen=True)
class Converted:
    source: Path
    pdfa: Path
    pages: int


@pytest.fixture(scope="module")
def converted(tmp_path_factory: pytest.TempPathFactory) -> Converted:
    """A serial letter's print file as the download link gets it: 8 letters for 6 owners
    (two with two units), each followed by a 2-page attachment."""
    work = tmp_path_factory.mktemp("pdfa")
    directory = make_directory(contacts_per_property=6, multi_unit_every=3, seed=61)
    letters = [letter for _, letter in serial_letter_for(directory, letters=8, seed=61)]
    source = work / "serienbrief.pdf"
    attachment = work / "wirtschaftsplan.pdf"
    write_serial_letter(source, letters)
    write_attachment(attachment, pages=2, title="Wirtschaftsplan 2026 für Groß und Klein")
    _, assembly = split_and_assemble(
        source,
        contacts=directory.contacts,
        options=SplitOptions(property_id=directory.property_ids[0]),
        attachments=[attachment],
        out_dir=work / "out",
        workers=1,
    )
    assert assembly.print_file is not None
    print_file = Path(assembly.print_file)
    pdfa = work / "serienbrief-pdfa.pdf"
    result = to_pdfa(print_file, pdfa, title=TITLE, made_at=MADE_AT)
    assert result.level == "2b"
    return Converted(print_file, pdfa, result.pages)


def _font(base_font: str, subtype: str = "/Type1", **entries: object) -> pikepdf.Dictionary:
    return pikepdf.Dictionary(
        Type=pikepdf.Name.Font,
        Subtype=pikepdf.Name(subtype),
        BaseFont=pikepdf.Name(base_font),
        **entries,
    )


def write_one_page(path: Path, fonts: dict[str, pikepdf.Dictionary], lines: list[bytes]) -> Path:
    """One A4 page, one line of text per font (F1, F2, ... in order)."""
    pdf = pikepdf.new()
    resources = pikepdf.Dictionary(
        Font=pikepdf.Dictionary({f"/{k}": pdf.make_indirect(v) for k, v in fonts.items()})
    )
    ops = [
        b"BT /%s 11 Tf 72 %d Td (%s) Tj ET" % (name.encode(), 760 - 20 * i, line)
        for i, (name, line) in enumerate(zip(fonts, lines, strict=True))
    ]
    pdf.pages.append(
        pikepdf.Page(
            pikepdf.Dictionary(
                Type=pikepdf.Name.Page,
                MediaBox=[0, 0, 595, 842],
                Resources=resources,
                Contents=pdf.make_stream(b"\n".join(ops)),
            )
        )
    )
    pdf.save(path)
    return path


@pytest.fixture(scope="module")
def other_fonts(tmp_path_factory: pytest.TempPathFactory) -> Converted:
    """The other standard families, a non-embedded Arial (TrueType, with Widths of its own) and
    a Helvetica without an encoding (StandardEncoding: its 0xFB is "ß", its 0x27 a right quote)."""
    work = tmp_path_factory.mktemp("pdfa-fonts")
    win = {"Encoding": pikepdf.Name.WinAnsiEncoding}
    source = write_one_page(
        work / "schriften.pdf",
        {
            "F1": _font("/Times-Roman", **win),
            "F2": _font("/Courier-Bold", **win),
            "F3": _font(
                "/Arial,Italic", "/TrueType", FirstChar=32, LastChar=255, Widths=[500] * 224, **win
            ),
            "F4": _font("/Helvetica-Oblique"),
            "F5": _font("/Times-BoldItalic", Encoding=pikepdf.Name.MacRomanEncoding),
        },
        [
            "Grüße aus Köln".encode("cp1252"),
            "Übergabeprotokoll 12 € Maß".encode("cp1252"),
            "Öffnungszeiten: Mo\N{EN DASH}Fr".encode("cp1252"),
            b"Stra\xfbe, don\x27t",
            "Bärbel Jäger".encode("mac_roman"),
        ],
    )
    pdfa = work / "schriften-pdfa.pdf"
    result = to_pdfa(source, pdfa, made_at=MADE_AT)
    assert [name for name, _ in sorted(result.fonts)] == [
        "Arial,Italic",
        "Courier-Bold",
        "Helvetica-Oblique",
        "Times-BoldItalic",
        "Times-Roman",
    ]
    return Converted(source, pdfa, result.pages)


class TestValidator:
    def test_verapdf_says_the_pdfa_version_is_pdfa_2b_and_the_source_is_not(
        self, converted: Converted, other_fonts: Converted
    ):
        verdicts = validate(verapdf_launcher(), converted.pdfa, converted.source, other_fonts.pdfa)

        pdfa = verdicts[str(converted.pdfa)]
        assert pdfa.compliant, "\n".join(pdfa.failed_rules)
        others = verdicts[str(other_fonts.pdfa)]
        assert others.compliant, "\n".join(others.failed_rules)
        # The validator really looks: the source names fonts it does not embed.
        source = verdicts[str(converted.source)]
        assert not source.compliant
        assert any(rule.startswith("6.2.11.4.1") for rule in source.failed_rules)


class TestContent:
    def test_text_layer_is_the_sources_page_by_page_umlauts_included(self, converted: Converted):
        before, after = page_texts(converted.source), page_texts(converted.pdfa)

        assert after == before
        text = "".join(after)
        for word in ("Düsseldorf", "Königsallee", "Weiß", "Instandhaltungsrücklage", "für Groß"):
            assert word in text
        assert {"ä", "ö", "ü", "ß", "€", "·", "\N{EN DASH}"} <= set(text)

    def test_text_of_the_other_fonts_and_encodings(self, other_fonts: Converted):
        before, after = page_texts(other_fonts.source), page_texts(other_fonts.pdfa)

        assert after == before
        for line in (
            "Grüße aus Köln",
            "12 € Maß",
            "Mo\N{EN DASH}Fr",
            "Straße, don\N{RIGHT SINGLE QUOTATION MARK}t",
            "Bärbel",
        ):
            assert line in after[0]

    def test_same_pages_same_sizes(self, converted: Converted):
        with pikepdf.open(converted.source) as source, pikepdf.open(converted.pdfa) as pdfa:
            assert len(pdfa.pages) == len(source.pages) == converted.pages
            assert [list(p.mediabox) for p in pdfa.pages] == [
                list(p.mediabox) for p in source.pages
            ]

    def test_fonts_are_embedded_liberation_subsets_with_unicode_maps(self, converted: Converted):
        with pikepdf.open(converted.pdfa) as pdfa:
            fonts = pdfa.pages[0].Resources.Font
            names = sorted(str(font.BaseFont).split("+")[1] for font in fonts.values())
            assert names == ["LiberationSans", "LiberationSans-Bold"]
            for font in fonts.values():
                assert font.Subtype == "/TrueType"
                assert font.Encoding == "/WinAnsiEncoding"
                assert "/FontFile2" in font.FontDescriptor
                assert "/ToUnicode" in font
                # Metric-compatible with Helvetica: "a" and "ß" as wide as there.
                widths = list(font.Widths)
                a, sharp_s = (widths[ord(c) - int(font.FirstChar)] for c in "aß")
                assert (a, sharp_s) == (556, 611)  # in Helvetica and Helvetica-Bold alike

    def test_title_and_pdfa_identification_in_info_and_xmp(self, converted: Converted):
        with pikepdf.open(converted.pdfa) as pdfa:
            assert str(pdfa.docinfo.Title) == TITLE
            assert str(pdfa.docinfo.ModDate) == "D:20260315093000+00'00'"
            with pdfa.open_metadata() as xmp:
                assert xmp["pdfaid:part"] == "2"
                assert xmp["pdfaid:conformance"] == "B"
                assert xmp["dc:title"] == TITLE
            assert "/Encrypt" not in pdfa.trailer
            assert pdfa.Root.OutputIntents[0].DestOutputProfile.N == 3


class TestWhatCannotBeConverted:
    def _pdf_with_font(self, path: Path, font: pikepdf.Dictionary) -> Path:
        pdf = pikepdf.new()
        resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=pdf.make_indirect(font)))
        pdf.pages.append(
            pikepdf.Page(
                pikepdf.Dictionary(
                    Type=pikepdf.Name.Page,
                    MediaBox=[0, 0, 595, 842],
                    Resources=resources,
                    Contents=pdf.make_stream(b"BT /F1 12 Tf 72 720 Td (x) Tj ET"),
                )
            )
        )
        pdf.save(path)
        return path

    def test_a_font_without_a_metric_compatible_substitute(self, tmp_path: Path):
        source = self._pdf_with_font(
            tmp_path / "symbol.pdf",
            pikepdf.Dictionary(
                Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name.Symbol
            ),
        )
        with pytest.raises(PdfaNotPossible) as raised:
            to_pdfa(source, tmp_path / "out.pdf", file_name="Rundschreiben.pdf")
        assert "„Rundschreiben.pdf“" in raised.value.message
        assert "„Symbol“" in raised.value.message

    def test_a_standard_font_with_its_own_encoding(self, tmp_path: Path):
        encoding = pikepdf.Dictionary(Differences=[65, pikepdf.Name("/Adieresis")])
        source = self._pdf_with_font(
            tmp_path / "differences.pdf",
            pikepdf.Dictionary(
                Type=pikepdf.Name.Font,
                Subtype=pikepdf.Name.Type1,
                BaseFont=pikepdf.Name.Helvetica,
                Encoding=encoding,
            ),
        )
        with pytest.raises(PdfaNotPossible, match="eigene Zeichenkodierung"):
            to_pdfa(source, tmp_path / "out.pdf")

    def test_an_encrypted_file(self, tmp_path: Path):
        source = self._pdf_with_font(
            tmp_path / "plain.pdf",
            pikepdf.Dictionary(
                Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name.Helvetica
            ),
        )
        with pikepdf.open(source) as pdf:
            pdf.save(tmp_path / "locked.pdf", encryption=pikepdf.Encryption(user="u", owner="o"))
        with pytest.raises(PdfaNotPossible, match="verschlüsselt"):
            to_pdfa(tmp_path / "locked.pdf", tmp_path / "out.pdf")


class TestFontNames:
    @pytest.mark.parametrize(
        ("name", "expected"),
        [
            ("Helvetica", "LiberationSans-Regular"),
            ("Helvetica-BoldOblique", "LiberationSans-BoldItalic"),
            ("Arial,Bold", "LiberationSans-Bold"),
            ("ArialMT", "LiberationSans-Regular"),
            ("Times-Roman", "LiberationSerif-Regular"),
            ("TimesNewRomanPS-BoldItalicMT", "LiberationSerif-BoldItalic"),
            ("Courier-Oblique", "LiberationMono-Italic"),
            ("CourierNewPSMT", "LiberationMono-Regular"),
            ("Symbol", None),
            ("ZapfDingbats", None),
            ("Helvetica-Narrow", None),
        ],
    )
    def test_standard_font_to_liberation(self, name: str, expected: str | None):
        assert liberation_for(name) == expected
