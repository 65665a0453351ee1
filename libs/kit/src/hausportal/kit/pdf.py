"""Printable PDFs made of text and grey images, with pikepdf: the invitation notice, a ticket's
history. Helvetica in WinAnsi encoding, which has every German letter and „quotes“, so the
text layer reads back as written.

    document = PdfDocument()
    flow = TextFlow(document)           # lines that wrap and continue on a new page
    flow.paragraph("Vorgang 2026-0001", size=16, bold=True)
    pdf_bytes = document.save(title="Vorgang 2026-0001")

Needs pikepdf (the ``pdf`` extra of hausportal-kit).
"""

from __future__ import annotations

import io
import textwrap
import zlib
from dataclasses import dataclass, field

import pikepdf

A4 = (595.28, 841.89)
MARGIN = 56.0
_ENCODING = "cp1252"  # WinAnsiEncoding
# Letters WinAnsi lacks that our texts use, written the way a typewriter would.
_SPELLED = str.maketrans({"→": "->", "←": "<-", "\u2212": "-", "\u202f": " "})


def wrap(text: str, *, size: float, width: float, bold: bool = False) -> list[str]:
    """``text`` in lines that fit ``width`` points at ``size``; paragraphs (newlines) kept."""
    # Helvetica's letters are about half an em wide; a little less fits per line to be safe.
    average = 0.56 if bold else 0.52
    columns = max(int(width / (size * average)), 1)
    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        lines.extend(textwrap.wrap(paragraph, width=columns, break_on_hyphens=False) or [""])
    return lines


@dataclass
class Page:
    """One page's drawing: text lines and images, in PDF points from the bottom left."""

    document: PdfDocument
    content: list[bytes] = field(default_factory=list)
    images: dict[str, pikepdf.Stream] = field(default_factory=dict)

    def text(self, text: str, *, x: float, y: float, size: float, bold: bool = False) -> None:
        font = b"/F2" if bold else b"/F1"
        encoded = text.translate(_SPELLED).encode(_ENCODING, errors="replace")
        escaped = encoded.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")
        line = b"BT %s %.2f Tf %.2f %.2f Td (%s) Tj ET\n" % (font, size, x, y, escaped)
        self.content.append(line)

    def image(
        self,
        pixels: bytes,
        *,
        columns: int,
        rows: int,
        x: float,
        y: float,
        width: float,
        height: float,
    ) -> None:
        """A grey image (one byte a pixel, 0 dark, 255 light, row by row from the top),
        drawn sharp (no smoothing when scaled up: QR codes stay readable)."""
        stream = pikepdf.Stream(self.document.pdf, b"")
        stream.write(zlib.compress(pixels), filter=pikepdf.Name.FlateDecode)
        stream.Type = pikepdf.Name.XObject
        stream.Subtype = pikepdf.Name.Image
        stream.Width = columns
        stream.Height = rows
        stream.ColorSpace = pikepdf.Name.DeviceGray
        stream.BitsPerComponent = 8
        stream.Interpolate = False
        name = f"/Im{len(self.images)}"
        self.images[name] = stream
        self.content.append(
            b"q %.2f 0 0 %.2f %.2f %.2f cm %s Do Q\n" % (width, height, x, y, name.encode())
        )


class PdfDocument:
    """A4 pages in order; ``save`` writes them."""

    def __init__(self) -> None:
        self.pdf = pikepdf.new()
        self.pages: list[Page] = []

    def page(self) -> Page:
        page = Page(self)
        self.pages.append(page)
        return page

    def save(self, *, title: str) -> bytes:
        fonts = pikepdf.Dictionary(
            F1=self.pdf.make_indirect(_font("/Helvetica")),
            F2=self.pdf.make_indirect(_font("/Helvetica-Bold")),
        )
        for drawn in self.pages or [Page(self)]:
            page = self.pdf.add_blank_page(page_size=A4)
            page.obj.Resources = pikepdf.Dictionary(
                Font=fonts, XObject=pikepdf.Dictionary(dict(drawn.images))
            )
            page.obj.Contents = self.pdf.make_stream(b"".join(drawn.content))
        self.pdf.docinfo[pikepdf.Name.Title] = title
        buffer = io.BytesIO()
        self.pdf.save(buffer)
        return buffer.getvalue()


def _font(base: str) -> pikepdf.Dictionary:
    return pikepdf.Dictionary(
        Type=pikepdf.Name.Font,
        Subtype=pikepdf.Name.Type1,
        BaseFont=pikepdf.Name(base),
        Encoding=pikepdf.Name.WinAnsiEncoding,
    )


class TextFlow:
    """Text running down the pages between the margins; a new page where one is full."""

    def __init__(self, document: PdfDocument, *, margin: float = MARGIN) -> None:
        self.document = document
        self.margin = margin
        self.width = A4[0] - 2 * margin
        self._page = document.page()
        self.y = A4[1] - margin

    def paragraph(
        self,
        text: str,
        *,
        size: float = 11,
        bold: bool = False,
        indent: float = 0,
        after: float = 4,
    ) -> None:
        leading = size * 1.3
        for line in wrap(text, size=size, width=self.width - indent, bold=bold):
            if self.y - leading < self.margin:
                self._page = self.document.page()
                self.y = A4[1] - self.margin
            self.y -= leading
            self._page.text(line, x=self.margin + indent, y=self.y, size=size, bold=bold)
        self.y -= after

    def space(self, points: float) -> None:
        self.y -= points
