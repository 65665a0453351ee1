"""The address window's text as lines in reading order on the printed page, for the print check.

pdfium's bounded text follows the content stream (a line added at the end of the stream comes
last, wherever it stands) and runs turned text together; the print check needs the address's
last line as printed. So the window's characters are grouped by their baselines on the page as
shown (after /Rotate), top to bottom, and each line reads left to right.
"""

from __future__ import annotations

import ctypes

import pypdfium2.raw as pdfium_c

from hausportal.smartpost.engine.extract import PDFIUM_LOCK, PageReader
from hausportal.smartpost.engine.geometry import Box, mm

# Two characters belong to one line when their baselines are closer than this share of the
# font size; a gap wider than this share of it between two characters is a space.
_SAME_LINE = 0.5
_WORD_GAP = 0.2

# x where it starts, y of its baseline (from the top), font size, the character, x where it
# ends: in points on the page as printed.
_Char = tuple[float, float, float, str, float]


def window_lines(reader: PageReader, index: int, region: Box, *, rotate: int = 0) -> list[str]:
    """The non-empty lines of text in ``region`` (unrotated page space, as
    ``PageReader.text_in`` takes it) of page ``index``, top to bottom as printed."""
    with PDFIUM_LOCK:
        chars = _window_chars(reader, index, region, rotate)
    lines: list[list[_Char]] = []
    for char in sorted(chars, key=lambda c: (c[1], c[0])):
        if lines and abs(lines[-1][0][1] - char[1]) <= _SAME_LINE * max(char[2], 1.0):
            lines[-1].append(char)
        else:
            lines.append([char])
    texts = []
    for line in lines:
        line.sort(key=lambda c: c[0])
        text, previous_end = "", None
        for x, _, size, value, end in line:
            if previous_end is not None and x - previous_end > _WORD_GAP * size:
                text += " "
            text += value
            previous_end = end
        text = " ".join(text.split())
        if text:
            texts.append(text)
    return texts


def _window_chars(reader: PageReader, index: int, region: Box, rotate: int) -> list[_Char]:
    """(x, y from the top, font size, character, x of its end) as shown, in points."""
    page = pdfium_c.FPDF_LoadPage(reader.document.raw, index)
    if not page:
        return []
    try:
        box = pdfium_c.FS_RECTF()
        pdfium_c.FPDF_GetPageBoundingBox(page, box)
        left = box.left + mm(region.left)
        right = box.left + mm(region.left + region.width)
        top = box.top - mm(region.top)
        bottom = box.top - mm(region.top + region.height)
        # Fewer objects, a cheaper text page (as PageReader does for the split).
        reader._drop_objects_outside(page, left, bottom, right, top)
        textpage = pdfium_c.FPDFText_LoadPage(page)
        if not textpage:
            return []
        try:
            return _chars_in(textpage, box, (left, bottom, right, top), rotate)
        finally:
            pdfium_c.FPDFText_ClosePage(textpage)
    finally:
        pdfium_c.FPDF_ClosePage(page)


def _chars_in(
    textpage: object,
    box: pdfium_c.FS_RECTF,
    bounds: tuple[float, float, float, float],
    rotate: int,
) -> list[_Char]:
    left, bottom, right, top = bounds
    width, height = box.right - box.left, box.top - box.bottom
    char_box = pdfium_c.FS_RECTF()
    origin_x, origin_y = ctypes.c_double(), ctypes.c_double()
    chars = []
    for i in range(pdfium_c.FPDFText_CountChars(textpage)):
        code = pdfium_c.FPDFText_GetUnicode(textpage, i)
        if code in (0, 0xFFFE, 0xFFFF) or chr(code).isspace():
            continue
        if pdfium_c.FPDFText_IsGenerated(textpage, i) == 1:
            continue
        if not pdfium_c.FPDFText_GetLooseCharBox(textpage, i, char_box):
            continue
        pdfium_c.FPDFText_GetCharOrigin(textpage, i, origin_x, origin_y)
        centre_x = (char_box.left + char_box.right) / 2
        centre_y = (char_box.top + char_box.bottom) / 2
        if not (left <= centre_x <= right and bottom <= centre_y <= top):
            continue
        size = pdfium_c.FPDFText_GetFontSize(textpage, i) or 10.0
        # Both corners of the box along the line and the baseline, turned as printed.
        start = _shown(char_box.left - box.left, box.top - char_box.bottom, width, height, rotate)
        end = _shown(char_box.right - box.left, box.top - char_box.top, width, height, rotate)
        base = _shown(origin_x.value - box.left, box.top - origin_y.value, width, height, rotate)
        x0, x1 = sorted((start[0], end[0]))
        chars.append((x0, base[1], size, chr(code), x1))
    return chars


def _shown(x: float, y: float, width: float, height: float, rotate: int) -> tuple[float, float]:
    """A point of the unrotated page (from its top-left corner) where the printed page shows it
    (/Rotate turns clockwise)."""
    if rotate == 90:
        return height - y, x
    if rotate == 180:
        return width - x, height - y
    if rotate == 270:
        return y, width - x
    return x, y
