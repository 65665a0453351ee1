"""Where the DIN 5008 address window sits on an A4 page, in PDF points."""

from __future__ import annotations

from dataclasses import dataclass

POINTS_PER_MM = 72 / 25.4
A4_WIDTH = 210 * POINTS_PER_MM
A4_HEIGHT = 297 * POINTS_PER_MM


def mm(value: float) -> float:
    return value * POINTS_PER_MM


@dataclass(frozen=True)
class Box:
    """A rectangle measured from the page's top-left corner, in millimetres (as DIN 5008 does)."""

    left: float
    top: float
    width: float
    height: float

    def grown(self, by: float) -> Box:
        return Box(self.left - by, self.top - by, self.width + 2 * by, self.height + 2 * by)

    def union(self, other: Box) -> Box:
        left = min(self.left, other.left)
        top = min(self.top, other.top)
        right = max(self.left + self.width, other.left + other.width)
        bottom = max(self.top + self.height, other.top + other.height)
        return Box(left, top, right - left, bottom - top)

    def pdf_bounds(self, page_height: float) -> tuple[float, float, float, float]:
        """(left, bottom, right, top) in PDF user space (origin bottom-left, points)."""
        return (
            mm(self.left),
            page_height - mm(self.top + self.height),
            mm(self.left + self.width),
            page_height - mm(self.top),
        )


# DIN 5008: the window of a C6/DL envelope, 85 x 45 mm, 20 mm from the left edge; form A puts
# it 27 mm from the top (high letterhead off), form B 45 mm (the usual one).
WINDOW_FORM_A = Box(left=20, top=27, width=85, height=45)
WINDOW_FORM_B = Box(left=20, top=45, width=85, height=45)
# Mail-merge layouts are rarely millimetre-exact; a few millimetres either way still keep the
# letterhead (above) and the information block (to the right) out.
WINDOW_TOLERANCE_MM = 4.0
# One region covers both forms, so each page costs one text query.
ADDRESS_REGION = WINDOW_FORM_A.union(WINDOW_FORM_B).grown(WINDOW_TOLERANCE_MM)
# The letter head of a first page: letterhead, address window, information block and subject
# line, where a letter names the unit it is about ("Hausgeldabrechnung 2025, Einheit WE 03").
# Down to 115 mm: form B's subject starts at about 98 mm and may take two lines.
LETTER_HEAD_REGION = Box(left=0, top=0, width=210, height=115)
