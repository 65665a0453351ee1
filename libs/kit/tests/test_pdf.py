"""kit.pdf: wrapped text that continues on new pages, German letters in the text layer."""

from __future__ import annotations

import io

import pikepdf

from hausportal.kit.pdf import PdfDocument, TextFlow, wrap


def test_wrap_keeps_paragraphs_and_fits_the_width() -> None:
    lines = wrap("erste Zeile\n\n" + "Wort " * 60, size=11, width=200)
    assert lines[:2] == ["erste Zeile", ""]
    assert len(lines) > 5
    assert all(len(line) <= int(200 / (11 * 0.52)) for line in lines)


def test_a_long_flow_continues_on_new_pages_with_german_letters() -> None:
    document = PdfDocument()
    flow = TextFlow(document)
    for n in range(120):
        flow.paragraph(f"Zeile {n}: Größe, Übergabe, „Schlüssel“ für 5 €")
    data = document.save(title="Prüfung")
    with pikepdf.open(io.BytesIO(data)) as pdf:
        assert len(pdf.pages) >= 3
        assert str(pdf.docinfo["/Title"]) == "Prüfung"
        content = pdf.pages[0].Contents.read_bytes()
    assert "Größe, Übergabe, „Schlüssel“ für 5 €".encode("cp1252") in content


def test_an_arrow_is_spelled_out_not_lost() -> None:
    document = PdfDocument()
    document.page().text("Offen → Erledigt", x=50, y=50, size=10)
    with pikepdf.open(io.BytesIO(document.save(title="Pfeil"))) as pdf:
        assert b"(Offen -> Erledigt)" in pdf.pages[0].Contents.read_bytes()


def test_an_empty_document_is_one_blank_page() -> None:
    with pikepdf.open(io.BytesIO(PdfDocument().save(title="leer"))) as pdf:
        assert len(pdf.pages) == 1
