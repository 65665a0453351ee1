"""A property's invite link as a QR code (PNG, SVG) and as an A4 notice for the hallway (PDF)."""

from __future__ import annotations

import io
import textwrap
import zlib
from dataclasses import dataclass

import pikepdf
import segno

# Medium error correction: survives a crease or a smudge on the printed notice.
_ERROR = "m"
_BORDER = 4  # modules of quiet zone, as the standard asks

A4 = (595.28, 841.89)
_MARGIN = 56.0


def qr_code(link: str) -> segno.QRCode:
    return segno.make(link, error=_ERROR, micro=False)


def qr_png(link: str, *, scale: int = 10) -> bytes:
    buffer = io.BytesIO()
    qr_code(link).save(buffer, kind="png", scale=scale, border=_BORDER)
    return buffer.getvalue()


def qr_svg(link: str, *, scale: int = 10) -> bytes:
    buffer = io.BytesIO()
    qr_code(link).save(
        buffer, kind="svg", scale=scale, border=_BORDER, title="Einladungslink", unit="px"
    )
    return buffer.getvalue()


@dataclass(frozen=True)
class NoticeText:
    property_name: str
    address: str | None
    account_name: str
    link: str


INTRO = (
    "Ihre Hausverwaltung informiert Sie im Hausportal über Mitteilungen, Termine und "
    "Dokumente rund um Ihr Haus. Scannen Sie den QR-Code mit der Kamera Ihres Smartphones "
    "und registrieren Sie sich mit Ihrer E-Mail-Adresse, einem Passwort und einem Namen "
    "Ihrer Wahl."
)
PRIVACY = (
    "Die Hausverwaltung sieht nur den Namen, den Sie bei der Anmeldung wählen, nicht Ihre "
    "E-Mail-Adresse."
)


def notice_pdf(notice: NoticeText) -> bytes:
    """One A4 page: heading, the property, a short text, the QR code and the link in print."""
    qr = qr_code(notice.link)
    page = _Page()
    y = A4[1] - _MARGIN - 26
    page.text("Einladung zum Hausportal", x=_MARGIN, y=y, size=26, bold=True)
    y -= 40
    for line in _wrap(notice.property_name, size=18, bold=True):
        page.text(line, x=_MARGIN, y=y, size=18, bold=True)
        y -= 22
    if notice.address:
        page.text(notice.address, x=_MARGIN, y=y, size=12)
        y -= 16
    y -= 18
    page.text("Liebe Bewohnerinnen und Bewohner,", x=_MARGIN, y=y, size=12)
    y -= 22
    for paragraph in (INTRO, PRIVACY):
        for line in _wrap(paragraph, size=12):
            page.text(line, x=_MARGIN, y=y, size=12)
            y -= 16
        y -= 8
    side = 260.0
    y -= side + 10
    page.image(_qr_image(qr), x=(A4[0] - side) / 2, y=y, side=side)
    y -= 28
    page.text("Oder öffnen Sie diesen Link im Browser:", x=_MARGIN, y=y, size=11)
    y -= 15
    for line in textwrap.wrap(notice.link, width=90, break_on_hyphens=False):
        page.text(line, x=_MARGIN, y=y, size=9)
        y -= 12
    page.text(f"Ihre Hausverwaltung: {notice.account_name}", x=_MARGIN, y=_MARGIN, size=10)
    return page.save(title=f"Einladung zum Hausportal: {notice.property_name}")


def _wrap(text: str, *, size: float, bold: bool = False) -> list[str]:
    # Helvetica's letters are about half an em wide; a little less fits per line to be safe.
    average = 0.56 if bold else 0.52
    width = int((A4[0] - 2 * _MARGIN) / (size * average))
    return textwrap.wrap(text, width=width) or [""]


def _qr_image(qr: segno.QRCode) -> tuple[int, bytes]:
    """The symbol with its quiet zone, one grey pixel per module (0 dark, 255 light)."""
    rows = list(qr.matrix_iter(scale=1, border=_BORDER))
    pixels = bytes(0 if dark else 255 for row in rows for dark in row)
    return len(rows), pixels


class _Page:
    """Just enough PDF: text in Helvetica (WinAnsi, which has the German letters), one image."""

    def __init__(self) -> None:
        self.pdf = pikepdf.new()
        self.content: list[bytes] = []
        self.images: dict[str, pikepdf.Stream] = {}

    def text(self, text: str, *, x: float, y: float, size: float, bold: bool = False) -> None:
        font = "/F2" if bold else "/F1"
        encoded = text.encode("cp1252", errors="replace")
        escaped = encoded.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")
        self.content.append(
            b"BT %s %.2f Tf %.2f %.2f Td (%s) Tj ET\n" % (font.encode(), size, x, y, escaped)
        )

    def image(self, image: tuple[int, bytes], *, x: float, y: float, side: float) -> None:
        modules, pixels = image
        stream = pikepdf.Stream(self.pdf, b"")
        stream.write(zlib.compress(pixels), filter=pikepdf.Name.FlateDecode)
        stream.Type = pikepdf.Name.XObject
        stream.Subtype = pikepdf.Name.Image
        stream.Width = modules
        stream.Height = modules
        stream.ColorSpace = pikepdf.Name.DeviceGray
        stream.BitsPerComponent = 8
        # Sharp module edges when scaled up, never blurred.
        stream.Interpolate = False
        name = f"/Im{len(self.images)}"
        self.images[name] = stream
        self.content.append(
            b"q %.2f 0 0 %.2f %.2f %.2f cm %s Do Q\n" % (side, side, x, y, name.encode())
        )

    def save(self, *, title: str) -> bytes:
        def font(base: str) -> pikepdf.Dictionary:
            return pikepdf.Dictionary(
                Type=pikepdf.Name.Font,
                Subtype=pikepdf.Name.Type1,
                BaseFont=pikepdf.Name(base),
                Encoding=pikepdf.Name.WinAnsiEncoding,
            )

        page = self.pdf.add_blank_page(page_size=A4)
        page.obj.Resources = pikepdf.Dictionary(
            Font=pikepdf.Dictionary(F1=font("/Helvetica"), F2=font("/Helvetica-Bold")),
            XObject=pikepdf.Dictionary({k: v for k, v in self.images.items()}),
        )
        page.obj.Contents = self.pdf.make_stream(b"".join(self.content))
        self.pdf.docinfo[pikepdf.Name.Title] = title
        buffer = io.BytesIO()
        self.pdf.save(buffer)
        return buffer.getvalue()
