"""The address window's text as lines in reading order on the printed page, for the print check.

pdfium's bounded text follows the content stream (a line added at the end of the stream comes
last, wherever it stands) and runs turned text together; the print check needs the address's
last line as printed. So the window's characters are grouped by their lines on the page as
shown (after /Rotate), top to bottom, and each line reads left to right.
"""

from __future__ import annotations

import pypdfium2.raw as pdfium_c

from hausportal.smartpost.engine.extract import PDFIUM_LOCK, PageReader
from hausportal.smartpost.engine.geometry import Box, mm

# Two characters belong to one line when their bottoms are closer than this share of their
# height; a gap wider than this share of it between two characters is a space.
_SAME_LINE = 0.5
_WORD_GAP = 0.2

# x where it starts, y of its bottom (from the top), its height, the character, x where it
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
    """The window's characters as printed (see ``_Char``)."""
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
    # Two pdfium calls a character (a first page's window has a few hundred): its code and its
    # loose box (advance width by the font's ascent and descent), which also gives the line
    # (its bottom) and the size (its height).
    left, bottom, right, top = bounds
    width, height = box.right - box.left, box.top - box.bottom
    get_unicode, get_box = pdfium_c.FPDFText_GetUnicode, pdfium_c.FPDFText_GetLooseCharBox
    char_box = pdfium_c.FS_RECTF()
    chars = []
    for i in range(pdfium_c.FPDFText_CountChars(textpage)):
        code = get_unicode(textpage, i)
        if code <= 32 or code in (0xFFFE, 0xFFFF) or chr(code).isspace():
            continue
        if not get_box(textpage, i, char_box):
            continue
        c_left, c_right, c_bottom, c_top = (
            char_box.left,
            char_box.right,
            char_box.bottom,
            char_box.top,
        )
        if not (
            left <= (c_left + c_right) / 2 <= right and bottom <= (c_bottom + c_top) / 2 <= top
        ):
            continue
        # Two opposite corners as printed (a quarter turn keeps the box a box); text upright
        # on the printed page has its baseline side at the bottom.
        x0, y0 = _shown(c_left - box.left, box.top - c_bottom, width, height, rotate)
        x1, y1 = _shown(c_right - box.left, box.top - c_top, width, height, rotate)
        chars.append((min(x0, x1), max(y0, y1), abs(y1 - y0), chr(code), max(x0, x1)))
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
