"""A property's invite link as a QR code (PNG, SVG) and as an A4 notice for the hallway (PDF)."""

from __future__ import annotations

import io
import textwrap
from dataclasses import dataclass

import segno

from hausportal.kit.pdf import A4, PdfDocument, wrap

# Medium error correction: survives a crease or a smudge on the printed notice.
_ERROR = "m"
_BORDER = 4  # modules of quiet zone, as the standard asks

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
    document = PdfDocument()
    page = document.page()
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
    modules, pixels = _qr_image(qr)
    page.image(
        pixels,
        columns=modules,
        rows=modules,
        x=(A4[0] - side) / 2,
        y=y,
        width=side,
        height=side,
    )
    y -= 28
    page.text("Oder öffnen Sie diesen Link im Browser:", x=_MARGIN, y=y, size=11)
    y -= 15
    for line in textwrap.wrap(notice.link, width=90, break_on_hyphens=False):
        page.text(line, x=_MARGIN, y=y, size=9)
        y -= 12
    page.text(f"Ihre Hausverwaltung: {notice.account_name}", x=_MARGIN, y=_MARGIN, size=10)
    return document.save(title=f"Einladung zum Hausportal: {notice.property_name}")


def _wrap(text: str, *, size: float, bold: bool = False) -> list[str]:
    return wrap(text, size=size, width=A4[0] - 2 * _MARGIN, bold=bold)


def _qr_image(qr: segno.QRCode) -> tuple[int, bytes]:
    """The symbol with its quiet zone, one grey pixel per module (0 dark, 255 light)."""
    rows = list(qr.matrix_iter(scale=1, border=_BORDER))
    pixels = bytes(0 if dark else 255 for row in rows for dark in row)
    return len(rows), pixels
