"""Just enough TrueType for PDF/A: metrics, the Unicode cmap, and a subset to embed.

A PDF simple font reaches at most 256 glyphs, so the subset keeps the glyphs of those
characters (and the components of composite glyphs) and empties every other glyph in place:
glyph ids, cmap and hmtx stay as they are, no renumbering. The layout tables (GSUB, GPOS,
kern, ...) are dropped; a PDF viewer positions glyphs by the font's Widths alone.
"""

from __future__ import annotations

import struct
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

# Tables a PDF viewer needs from an embedded TrueType program (ISO 32000 9.9) plus the cmap
# that PDF/A requires for non-symbolic fonts, the name, OS/2 and gasp tables.
_KEPT_TABLES = (
    b"OS/2",
    b"cmap",
    b"cvt ",
    b"fpgm",
    b"gasp",
    b"glyf",
    b"head",
    b"hhea",
    b"hmtx",
    b"loca",
    b"maxp",
    b"name",
    b"post",
    b"prep",
)

# Composite glyph flags (OpenType glyf table).
_ARG_1_AND_2_ARE_WORDS = 0x0001
_WE_HAVE_A_SCALE = 0x0008
_MORE_COMPONENTS = 0x0020
_WE_HAVE_AN_X_AND_Y_SCALE = 0x0040
_WE_HAVE_A_TWO_BY_TWO = 0x0080


class FontError(ValueError):
    """The font file is not a TrueType font this module can read."""


@dataclass(frozen=True)
class FontMetrics:
    """What a PDF FontDescriptor needs, in glyph space units (1000 per em)."""

    bbox: tuple[int, int, int, int]
    ascent: int
    descent: int
    cap_height: int
    italic_angle: float
    fixed_pitch: bool
    bold: bool


class TrueTypeFont:
    """A TrueType font file read into memory (a few hundred kB)."""

    def __init__(self, data: bytes) -> None:
        if data[:4] not in (b"\x00\x01\x00\x00", b"true"):
            raise FontError("not a TrueType font (glyf outlines)")
        self.data = data
        (count,) = struct.unpack_from(">H", data, 4)
        self.tables: dict[bytes, bytes] = {}
        for i in range(count):
            tag, _checksum, offset, length = struct.unpack_from(">4sIII", data, 12 + 16 * i)
            self.tables[tag] = data[offset : offset + length]
        for tag in (b"head", b"hhea", b"hmtx", b"maxp", b"cmap", b"loca", b"glyf"):
            if tag not in self.tables:
                raise FontError(f"no {tag.decode()} table")

    @classmethod
    def from_file(cls, path: Path) -> TrueTypeFont:
        return cls(path.read_bytes())

    @cached_property
    def units_per_em(self) -> int:
        return struct.unpack_from(">H", self.tables[b"head"], 18)[0]

    @cached_property
    def glyph_count(self) -> int:
        return struct.unpack_from(">H", self.tables[b"maxp"], 4)[0]

    def _scaled(self, value: float) -> int:
        return round(value * 1000 / self.units_per_em)

    @cached_property
    def advances(self) -> list[int]:
        """Advance width of every glyph, in font units."""
        (long_metrics,) = struct.unpack_from(">H", self.tables[b"hhea"], 34)
        hmtx = self.tables[b"hmtx"]
        widths = [struct.unpack_from(">H", hmtx, 4 * i)[0] for i in range(long_metrics)]
        widths += [widths[-1]] * (self.glyph_count - long_metrics)
        return widths

    def width(self, glyph: int) -> int:
        """Advance width in PDF glyph space (1000 per em), as PDF/A compares it."""
        return self._scaled(self.advances[glyph])

    @cached_property
    def unicode_cmap(self) -> dict[int, int]:
        """Code point -> glyph id from the (3,1) Microsoft Unicode BMP subtable (format 4)."""
        cmap = self.tables[b"cmap"]
        (count,) = struct.unpack_from(">H", cmap, 2)
        for i in range(count):
            platform, encoding, offset = struct.unpack_from(">HHI", cmap, 4 + 8 * i)
            if (platform, encoding) == (3, 1):
                return _read_format_4(cmap, offset)
        raise FontError("no (3,1) Unicode cmap subtable")

    @cached_property
    def metrics(self) -> FontMetrics:
        head, hhea = self.tables[b"head"], self.tables[b"hhea"]
        x_min, y_min, x_max, y_max = struct.unpack_from(">4h", head, 36)
        ascender, descender = struct.unpack_from(">2h", hhea, 4)
        os2 = self.tables.get(b"OS/2", b"")
        cap_height = ascender * 0.7
        weight = 400
        if len(os2) >= 90:
            (cap_height,) = struct.unpack_from(">h", os2, 88)
        if len(os2) >= 6:
            (weight,) = struct.unpack_from(">H", os2, 4)
        post = self.tables.get(b"post", b"")
        italic_angle, fixed_pitch = 0.0, False
        if len(post) >= 16:
            (angle,) = struct.unpack_from(">i", post, 4)
            (fixed,) = struct.unpack_from(">I", post, 12)
            italic_angle, fixed_pitch = angle / 65536, bool(fixed)
        return FontMetrics(
            bbox=(
                self._scaled(x_min),
                self._scaled(y_min),
                self._scaled(x_max),
                self._scaled(y_max),
            ),
            ascent=self._scaled(ascender),
            descent=self._scaled(descender),
            cap_height=self._scaled(cap_height),
            italic_angle=italic_angle,
            fixed_pitch=fixed_pitch,
            bold=weight >= 600,
        )

    def _glyph_ranges(self) -> list[tuple[int, int]]:
        (long_format,) = struct.unpack_from(">h", self.tables[b"head"], 50)
        loca = self.tables[b"loca"]
        n = self.glyph_count + 1
        if long_format:
            offsets = list(struct.unpack_from(f">{n}I", loca))
        else:
            offsets = [2 * o for o in struct.unpack_from(f">{n}H", loca)]
        return [(offsets[i], offsets[i + 1]) for i in range(self.glyph_count)]

    def subset(self, glyphs: Iterable[int]) -> bytes:
        """The font with only these glyphs (plus .notdef and composite components) drawn."""
        ranges = self._glyph_ranges()
        glyf = self.tables[b"glyf"]
        keep = {0}
        todo = [g for g in glyphs if 0 <= g < self.glyph_count]
        while todo:
            glyph = todo.pop()
            if glyph in keep and glyph != 0:
                continue
            keep.add(glyph)
            start, end = ranges[glyph]
            todo.extend(c for c in _components(glyf[start:end]) if c not in keep)
        new_glyf = bytearray()
        offsets = []
        for glyph, (start, end) in enumerate(ranges):
            offsets.append(len(new_glyf))
            if glyph in keep and end > start:
                new_glyf += glyf[start:end]
                new_glyf += b"\0" * (-len(new_glyf) % 4)
        offsets.append(len(new_glyf))
        tables = {tag: self.tables[tag] for tag in _KEPT_TABLES if tag in self.tables}
        tables[b"glyf"] = bytes(new_glyf)
        tables[b"loca"] = struct.pack(f">{len(offsets)}I", *offsets)
        head = bytearray(tables[b"head"])
        struct.pack_into(">I", head, 8, 0)  # checkSumAdjustment, set below
        struct.pack_into(">h", head, 50, 1)  # long loca offsets
        tables[b"head"] = bytes(head)
        if b"post" in tables:
            # Format 3: no glyph names (the cmap maps the characters), 32 bytes instead of 27 kB.
            tables[b"post"] = b"\x00\x03\x00\x00" + tables[b"post"][4:32]
        return _write_sfnt(tables)


def _read_format_4(cmap: bytes, offset: int) -> dict[int, int]:
    (fmt,) = struct.unpack_from(">H", cmap, offset)
    if fmt != 4:
        raise FontError(f"(3,1) cmap subtable has format {fmt}, not 4")
    (seg_x2,) = struct.unpack_from(">H", cmap, offset + 6)
    segs = seg_x2 // 2
    ends_at = offset + 14
    starts_at = ends_at + seg_x2 + 2
    deltas_at = starts_at + seg_x2
    range_offsets_at = deltas_at + seg_x2
    ends = struct.unpack_from(f">{segs}H", cmap, ends_at)
    starts = struct.unpack_from(f">{segs}H", cmap, starts_at)
    deltas = struct.unpack_from(f">{segs}h", cmap, deltas_at)
    range_offsets = struct.unpack_from(f">{segs}H", cmap, range_offsets_at)
    mapping: dict[int, int] = {}
    for i in range(segs):
        for code in range(starts[i], ends[i] + 1):
            if code == 0xFFFF:
                continue
            if range_offsets[i] == 0:
                glyph = (code + deltas[i]) & 0xFFFF
            else:
                at = range_offsets_at + 2 * i + range_offsets[i] + 2 * (code - starts[i])
                (glyph,) = struct.unpack_from(">H", cmap, at)
                if glyph:
                    glyph = (glyph + deltas[i]) & 0xFFFF
            if glyph:
                mapping[code] = glyph
    return mapping


def _components(glyph: bytes) -> list[int]:
    """Glyph ids a composite glyph is built from (none for a simple glyph)."""
    if len(glyph) < 10 or struct.unpack_from(">h", glyph, 0)[0] >= 0:
        return []
    out = []
    at = 10
    while True:
        flags, component = struct.unpack_from(">HH", glyph, at)
        out.append(component)
        at += 4 + (4 if flags & _ARG_1_AND_2_ARE_WORDS else 2)
        if flags & _WE_HAVE_A_SCALE:
            at += 2
        elif flags & _WE_HAVE_AN_X_AND_Y_SCALE:
            at += 4
        elif flags & _WE_HAVE_A_TWO_BY_TWO:
            at += 8
        if not flags & _MORE_COMPONENTS:
            return out


def _checksum(data: bytes) -> int:
    padded = data + b"\0" * (-len(data) % 4)
    return sum(struct.unpack(f">{len(padded) // 4}I", padded)) & 0xFFFFFFFF


def _write_sfnt(tables: dict[bytes, bytes]) -> bytes:
    tags = sorted(tables)
    count = len(tags)
    entry_selector = count.bit_length() - 1
    search_range = 16 * (1 << entry_selector)
    header = struct.pack(
        ">IHHHH", 0x00010000, count, search_range, entry_selector, count * 16 - search_range
    )
    directory = bytearray()
    body = bytearray()
    offset = 12 + 16 * count
    for tag in tags:
        data = tables[tag]
        directory += struct.pack(">4sIII", tag, _checksum(data), offset + len(body), len(data))
        body += data + b"\0" * (-len(data) % 4)
    font = bytearray(header + directory + body)
    if b"head" in tables:
        (head_at,) = struct.unpack_from(">I", directory, 16 * tags.index(b"head") + 8)
        struct.pack_into(">I", font, head_at + 8, (0xB1B0AFBA - _checksum(font)) & 0xFFFFFFFF)
    return bytes(font)
