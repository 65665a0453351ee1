"""Checks an uploaded file before any work: a readable, unencrypted PDF with pages."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from hausportal.smartpost.engine.assembly import open_pdf
from hausportal.smartpost.engine.errors import InvalidPdf, InvalidPdfReason
from hausportal.smartpost.engine.extract import PDFIUM_LOCK, open_document

# PDF readers look for the header within the first KiB and for %%EOF near the end.
_HEAD = 1024
_TAIL = 2048


@dataclass(frozen=True)
class PdfInfo:
    page_count: int


def inspect_pdf(path: Path, display_name: str | None = None) -> PdfInfo:
    """The page count of ``path``, or ``InvalidPdf`` naming the file and the problem.

    Both libraries must open the file and agree on its pages: pikepdf (qpdf) silently rebuilds
    a damaged cross-reference table, so a truncated upload would otherwise lose its last pages
    without anyone noticing.
    """
    name = display_name or path.name
    size = path.stat().st_size
    with path.open("rb") as file:
        head = file.read(_HEAD)
        file.seek(max(0, size - _TAIL), os.SEEK_SET)
        tail = file.read(_TAIL)
    if b"%PDF-" not in head:
        raise InvalidPdf(name, InvalidPdfReason.not_pdf, "no %PDF- header")
    if b"%%EOF" not in tail:
        raise InvalidPdf(name, InvalidPdfReason.damaged, "no %%EOF at the end: truncated")
    # A file that needs a password fails to open in both (an owner password alone does not
    # stop reading or assembling pages, so such a file is accepted).
    document = open_document(path, name)
    with PDFIUM_LOCK:
        try:
            pdfium_pages = len(document)
        finally:
            document.close()
    with open_pdf(path, name) as pdf:
        qpdf_pages = len(pdf.pages)
    if pdfium_pages != qpdf_pages:
        raise InvalidPdf(
            name, InvalidPdfReason.damaged, f"pdfium sees {pdfium_pages}, qpdf {qpdf_pages} pages"
        )
    if qpdf_pages == 0:
        raise InvalidPdf(name, InvalidPdfReason.no_pages)
    return PdfInfo(page_count=qpdf_pages)
