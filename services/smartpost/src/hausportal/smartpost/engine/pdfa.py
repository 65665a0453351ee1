"""The PDF/A-2b version of a serial letter (issue 6, the download link), written with pikepdf.

What a serial letter needs to become PDF/A, and nothing more, so 5,000 pages take seconds:

- The standard fonts it names but does not embed (Helvetica, Times, Courier and their Arial,
  Times New Roman and Courier New equivalents) are replaced in place by the metric-compatible
  Liberation fonts (SIL OFL 1.1, ``fonts/OFL.txt``), embedded once per font as a subset of the
  256 characters its encoding can reach, with Widths from the embedded program and a ToUnicode
  map. The encoding and every content stream stay as they are, so the text layer keeps every
  umlaut and the pages look the same.
- An sRGB OutputIntent (``icc.srgb_profile``), XMP metadata matching the Info dictionary
  (``pdfaid:part`` 2, ``pdfaid:conformance`` B), no encryption.

Page content, images and the page tree are copied through unchanged (no decoding, no
recompression), and qpdf reads and writes them streamed, so memory stays flat. A font or
feature it cannot make conformant (Symbol, a font with a custom encoding, a CID font that is
not embedded) is a ``PdfaNotPossible`` naming the file, not a file that only looks like PDF/A.
"""

from __future__ import annotations

import contextlib
import hashlib
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from pathlib import Path
from xml.sax.saxutils import escape

import pikepdf
from pikepdf import Name
from pikepdf.models.metadata import decode_pdf_date

from hausportal.smartpost.engine.errors import EngineError
from hausportal.smartpost.engine.icc import DESCRIPTION as ICC_DESCRIPTION
from hausportal.smartpost.engine.icc import srgb_profile
from hausportal.smartpost.engine.truetype import TrueTypeFont

PDFA_PART = 2
PDFA_CONFORMANCE = "B"
PRODUCER = "Hausportal SmartPost"
FONT_DIR = Path(__file__).parent / "fonts"

_SAVE_OPTIONS = {
    "compress_streams": False,  # the XMP packet must stay unfiltered; our streams are deflated
    "stream_decode_level": pikepdf.StreamDecodeLevel.none,
    "fix_metadata_version": False,
    "encryption": False,
}


class PdfaNotPossible(EngineError):
    """The file uses something this converter cannot make PDF/A-conformant."""

    def __init__(self, file_name: str, reason: str) -> None:
        self.file_name = file_name
        self.reason = reason
        self.message = (
            f"Von der Datei „{file_name}“ kann keine PDF/A-Fassung erzeugt werden: {reason}"
        )
        super().__init__(self.message)

    def __reduce__(self) -> tuple[type[PdfaNotPossible], tuple[str, str]]:
        return (PdfaNotPossible, (self.file_name, self.reason))


@dataclass(frozen=True)
class PdfaResult:
    pages: int
    # (name in the source, font embedded for it), one entry per font dictionary replaced
    fonts: tuple[tuple[str, str], ...]
    level: str = f"{PDFA_PART}{PDFA_CONFORMANCE.lower()}"


# ------------------------------------------------------------------------------ encodings


def _win_ansi() -> dict[int, int]:
    out = {}
    for code in range(32, 256):
        if code == 0x7F:
            continue
        try:
            out[code] = ord(bytes([code]).decode("cp1252"))
        except UnicodeDecodeError:  # 0x81, 0x8D, 0x8F, 0x90, 0x9D: no character
            continue
    return out


def _mac_roman() -> dict[int, int]:
    out = {code: ord(bytes([code]).decode("mac_roman")) for code in range(32, 256)}
    del out[0x7F], out[0xF0]  # DEL; the Apple logo is not in PDF's MacRomanEncoding
    out[0xDB] = 0xA4  # PDF keeps "currency" where Apple later put the euro
    return out


# PDF's StandardEncoding (ISO 32000-1 annex D) where it differs from WinAnsiEncoding: the
# encoding of a standard font whose dictionary names none. Written as a Differences array
# over WinAnsiEncoding, since PDF/A allows non-symbolic TrueType fonts nothing else.
_STANDARD_DIFFERENCES = {
    0x27: ("quoteright", 0x2019),
    0x60: ("quoteleft", 0x2018),
    0xA4: ("fraction", 0x2044),
    0xA6: ("florin", 0x0192),
    0xA8: ("currency", 0x00A4),
    0xA9: ("quotesingle", 0x0027),
    0xAA: ("quotedblleft", 0x201C),
    0xAC: ("guilsinglleft", 0x2039),
    0xAD: ("guilsinglright", 0x203A),
    0xAE: ("fi", 0xFB01),
    0xAF: ("fl", 0xFB02),
    0xB1: ("endash", 0x2013),
    0xB2: ("dagger", 0x2020),
    0xB3: ("daggerdbl", 0x2021),
    0xB4: ("periodcentered", 0x00B7),
    0xB6: ("paragraph", 0x00B6),
    0xB7: ("bullet", 0x2022),
    0xB8: ("quotesinglbase", 0x201A),
    0xB9: ("quotedblbase", 0x201E),
    0xBA: ("quotedblright", 0x201D),
    0xBC: ("ellipsis", 0x2026),
    0xBD: ("perthousand", 0x2030),
    0xC1: ("grave", 0x0060),
    0xC2: ("acute", 0x00B4),
    0xC3: ("circumflex", 0x02C6),
    0xC4: ("tilde", 0x02DC),
    0xC5: ("macron", 0x00AF),
    0xC6: ("breve", 0x02D8),
    0xC7: ("dotaccent", 0x02D9),
    0xC8: ("dieresis", 0x00A8),
    0xCA: ("ring", 0x02DA),
    0xCB: ("cedilla", 0x00B8),
    0xCD: ("hungarumlaut", 0x02DD),
    0xCE: ("ogonek", 0x02DB),
    0xCF: ("caron", 0x02C7),
    0xD0: ("emdash", 0x2014),
    0xE1: ("AE", 0x00C6),
    0xE3: ("ordfeminine", 0x00AA),
    0xE8: ("Lslash", 0x0141),
    0xE9: ("Oslash", 0x00D8),
    0xEA: ("OE", 0x0152),
    0xEB: ("ordmasculine", 0x00BA),
    0xF1: ("ae", 0x00E6),
    0xF5: ("dotlessi", 0x0131),
    0xF8: ("lslash", 0x0142),
    0xF9: ("oslash", 0x00F8),
    0xFA: ("oe", 0x0153),
    0xFB: ("germandbls", 0x00DF),
}
# Codes StandardEncoding leaves empty although WinAnsiEncoding fills them.
_STANDARD_EMPTY = (
    {0x7F, 0xA0, 0xAB, 0xB0, 0xB5, 0xBB, 0xBE, 0xC0, 0xC9, 0xCC, 0xD1, 0xE0, 0xE2}
    | set(range(0x80, 0xA0))
    | set(range(0xD2, 0xE0))
    | {0xE4, 0xE5, 0xE6, 0xE7, 0xEC, 0xED, 0xEE, 0xEF, 0xF0, 0xF2, 0xF3, 0xF4, 0xF6, 0xF7}
    | {0xFC, 0xFD, 0xFE, 0xFF}
)


@dataclass(frozen=True)
class _Encoding:
    key: str
    codes: dict[int, int]  # code -> Unicode code point
    differences: tuple[tuple[int, str], ...] = ()  # over WinAnsiEncoding

    def pdf_object(self) -> pikepdf.Object:
        if not self.differences:
            return Name("/" + self.key)
        array: list[object] = []
        for code, glyph in self.differences:
            array += [code, Name("/" + glyph)]
        return pikepdf.Dictionary(
            Type=Name.Encoding, BaseEncoding=Name.WinAnsiEncoding, Differences=array
        )


@cache
def _encodings() -> dict[str, _Encoding]:
    win = _win_ansi()
    standard = {c: u for c, u in win.items() if c not in _STANDARD_EMPTY}
    differences = []
    for code, (glyph, unicode) in sorted(_STANDARD_DIFFERENCES.items()):
        standard[code] = unicode
        differences.append((code, glyph))
    return {
        "WinAnsiEncoding": _Encoding("WinAnsiEncoding", win),
        "MacRomanEncoding": _Encoding("MacRomanEncoding", _mac_roman()),
        "StandardEncoding": _Encoding("StandardEncoding", standard, tuple(differences)),
    }


def _encoding_of(font: pikepdf.Dictionary) -> _Encoding | None:
    """The font's encoding when it is one we can keep; None for anything else."""
    encoding = font.get("/Encoding")
    if encoding is None:
        return _encodings()["StandardEncoding"]
    if isinstance(encoding, pikepdf.Dictionary):
        if "/Differences" in encoding:
            return None
        encoding = encoding.get("/BaseEncoding", Name.StandardEncoding)
    if isinstance(encoding, Name):
        return _encodings().get(str(encoding)[1:])
    return None


# ---------------------------------------------------------------------------------- fonts

_FAMILIES = {
    "helvetica": "LiberationSans",
    "arial": "LiberationSans",
    "arialmt": "LiberationSans",
    "times": "LiberationSerif",
    "timesnewroman": "LiberationSerif",
    "timesnewromanps": "LiberationSerif",
    "timesnewromanpsmt": "LiberationSerif",
    "courier": "LiberationMono",
    "couriernew": "LiberationMono",
    "couriernewps": "LiberationMono",
    "couriernewpsmt": "LiberationMono",
}
_STYLE_NOISE = {"", "roman", "regular", "mt", "ps", "psmt"}


def liberation_for(base_font: str) -> str | None:
    """The Liberation font metric-compatible with a standard font name (``Helvetica-Bold``,
    ``Arial,BoldItalic``, ``TimesNewRomanPS-BoldMT``), or None."""
    family_name, _, style = base_font.partition("," if "," in base_font else "-")
    family = _FAMILIES.get(family_name.lower())
    if family is None:
        return None
    style = style.lower()
    bold = "bold" in style
    italic = "italic" in style or "oblique" in style
    rest = style.replace("bold", "").replace("italic", "").replace("oblique", "")
    if rest not in _STYLE_NOISE:
        return None
    suffix = {(False, False): "Regular", (True, False): "Bold", (False, True): "Italic"}
    return f"{family}-{suffix.get((bold, italic), 'BoldItalic')}"


@cache
def _font_program(name: str) -> TrueTypeFont:
    return TrueTypeFont.from_file(FONT_DIR / f"{name}.ttf")


def _postscript_name(liberation: str) -> str:
    return liberation.removesuffix("-Regular")


def _subset_tag(liberation: str, encoding: str) -> str:
    digest = hashlib.sha256(f"{liberation}/{encoding}".encode()).digest()
    return "".join(chr(ord("A") + b % 26) for b in digest[:6])


def _to_unicode_cmap(codes: dict[int, int]) -> bytes:
    lines = [
        b"/CIDInit /ProcSet findresource begin",
        b"12 dict begin",
        b"begincmap",
        b"/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
        b"/CMapName /Adobe-Identity-UCS def",
        b"/CMapType 2 def",
        b"1 begincodespacerange",
        b"<00> <FF>",
        b"endcodespacerange",
    ]
    items = sorted(codes.items())
    for start in range(0, len(items), 100):
        chunk = items[start : start + 100]
        lines.append(b"%d beginbfchar" % len(chunk))
        lines += [b"<%02X> <%04X>" % (code, unicode) for code, unicode in chunk]
        lines.append(b"endbfchar")
    lines += [
        b"endcmap",
        b"CMapName currentdict /CMap defineresource pop",
        b"end",
        b"end",
    ]
    return b"\n".join(lines) + b"\n"


class _FontEmbedder:
    """Replaces non-embedded standard fonts, sharing one embedded program per font and
    encoding across every font dictionary that names it."""

    def __init__(self, pdf: pikepdf.Pdf, file_name: str) -> None:
        self.pdf = pdf
        self.file_name = file_name
        self.replaced: list[tuple[str, str]] = []
        self._shared: dict[tuple[str, str], dict[str, pikepdf.Object]] = {}
        self._done: set[tuple[int, int]] = set()

    def fix(self, font: pikepdf.Dictionary) -> None:
        if font.is_indirect:
            if font.objgen in self._done:
                return
            self._done.add(font.objgen)
        subtype = str(font.get("/Subtype", ""))
        base_font = str(font.get("/BaseFont", ""))[1:]
        if subtype == "/Type3":
            return
        if subtype == "/Type0":
            for descendant in font.get("/DescendantFonts", []):
                if not _embedded(descendant):
                    raise PdfaNotPossible(
                        self.file_name, f"die Schrift „{base_font}“ ist nicht eingebettet."
                    )
            return
        if _embedded(font):
            return
        if subtype not in ("/Type1", "/TrueType"):
            raise PdfaNotPossible(
                self.file_name, f"die Schrift „{base_font}“ ist nicht eingebettet."
            )
        liberation = liberation_for(base_font)
        if liberation is None:
            raise PdfaNotPossible(
                self.file_name,
                f"für die nicht eingebettete Schrift „{base_font}“ gibt es keinen Ersatz.",
            )
        encoding = _encoding_of(font)
        if encoding is None:
            raise PdfaNotPossible(
                self.file_name,
                f"die Schrift „{base_font}“ hat eine eigene Zeichenkodierung.",
            )
        shared = self._shared_objects(liberation, encoding)
        font.Subtype = Name.TrueType
        for key, value in shared.items():
            font[key] = value
        self.replaced.append((base_font, liberation))

    def _shared_objects(self, liberation: str, encoding: _Encoding) -> dict[str, pikepdf.Object]:
        key = (liberation, encoding.key)
        if key in self._shared:
            return self._shared[key]
        program = _font_program(liberation)
        cmap = program.unicode_cmap
        glyphs = {code: cmap[u] for code, u in encoding.codes.items() if u in cmap}
        reachable = {code: u for code, u in encoding.codes.items() if code in glyphs}
        first, last = min(encoding.codes), max(encoding.codes)
        widths = [program.width(glyphs.get(code, 0)) for code in range(first, last + 1)]
        data = program.subset(glyphs.values())
        metrics = program.metrics
        flags = 32  # non-symbolic
        if metrics.fixed_pitch:
            flags |= 1
        if liberation.startswith("LiberationSerif"):
            flags |= 2
        if metrics.italic_angle:
            flags |= 64
        name = f"{_subset_tag(liberation, encoding.key)}+{_postscript_name(liberation)}"
        font_file = pikepdf.Stream(self.pdf, zlib.compress(data, 6))
        font_file.Filter = Name.FlateDecode
        font_file.Length1 = len(data)
        descriptor = pikepdf.Dictionary(
            Type=Name.FontDescriptor,
            FontName=Name("/" + name),
            Flags=flags,
            FontBBox=list(metrics.bbox),
            ItalicAngle=metrics.italic_angle,
            Ascent=metrics.ascent,
            Descent=metrics.descent,
            CapHeight=metrics.cap_height,
            StemV=140 if metrics.bold else 80,
            FontFile2=font_file,
        )
        to_unicode = pikepdf.Stream(self.pdf, zlib.compress(_to_unicode_cmap(reachable), 6))
        to_unicode.Filter = Name.FlateDecode
        self._shared[key] = shared = {
            "/BaseFont": Name("/" + name),
            "/FirstChar": first,
            "/LastChar": last,
            "/Widths": self.pdf.make_indirect(pikepdf.Array(widths)),
            "/Encoding": self.pdf.make_indirect(encoding.pdf_object()),
            "/FontDescriptor": self.pdf.make_indirect(descriptor),
            "/ToUnicode": to_unicode,
        }
        return shared


def _embedded(font: pikepdf.Object) -> bool:
    descriptor = font.get("/FontDescriptor")
    if descriptor is None:
        return False
    return any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))


def _resource_dictionaries(pdf: pikepdf.Pdf) -> Iterator[pikepdf.Dictionary]:
    """Every Resources dictionary that content can use: page tree nodes (inherited), pages,
    annotation appearances, and within them forms, tiling patterns, soft masks and Type3
    fonts. Each indirect object once."""
    seen: set[tuple[int, int]] = set()

    def first_time(obj: pikepdf.Object) -> bool:
        if not obj.is_indirect:
            return True
        if obj.objgen in seen:
            return False
        seen.add(obj.objgen)
        return True

    holders: list[pikepdf.Object] = []
    nodes = [pdf.Root.Pages]
    while nodes:
        node = nodes.pop()
        if not isinstance(node, pikepdf.Dictionary) or not first_time(node):
            continue
        holders.append(node)
        nodes.extend(node.get("/Kids", []))
        for annotation in node.get("/Annots", []):
            appearance = (
                annotation.get("/AP") if isinstance(annotation, pikepdf.Dictionary) else None
            )
            if appearance is None:
                continue
            for state in appearance.values():
                if isinstance(state, pikepdf.Stream):
                    holders.append(state)
                elif isinstance(state, pikepdf.Dictionary):
                    holders.extend(s for s in state.values() if isinstance(s, pikepdf.Stream))
    resources_seen: set[tuple[int, int]] = set()
    while holders:
        holder = holders.pop()
        resources = holder.get("/Resources")
        if not isinstance(resources, pikepdf.Dictionary):
            continue
        if resources.is_indirect:
            if resources.objgen in resources_seen:
                continue
            resources_seen.add(resources.objgen)
        yield resources
        for xobject in resources.get("/XObject", {}).values():
            if str(xobject.get("/Subtype", "")) == "/Form" and first_time(xobject):
                holders.append(xobject)
        for pattern in resources.get("/Pattern", {}).values():
            if pattern.get("/PatternType") == 1 and first_time(pattern):
                holders.append(pattern)
        for state in resources.get("/ExtGState", {}).values():
            mask = state.get("/SMask")
            if isinstance(mask, pikepdf.Dictionary) and "/G" in mask and first_time(mask.G):
                holders.append(mask.G)
        for font in resources.get("/Font", {}).values():
            if str(font.get("/Subtype", "")) == "/Type3" and first_time(font):
                holders.append(font)


# ------------------------------------------------------------------------------- metadata

_INFO_TEXT_KEYS = ("/Title", "/Author", "/Subject", "/Keywords", "/Creator", "/Producer")


def _pdf_date(moment: datetime) -> str:
    offset = moment.utcoffset()
    if offset is None:
        raise ValueError("made_at must carry its time zone")
    minutes = int(offset.total_seconds()) // 60
    sign = "+" if minutes >= 0 else "-"
    hours, minutes = divmod(abs(minutes), 60)
    return moment.strftime("D:%Y%m%d%H%M%S") + f"{sign}{hours:02d}'{minutes:02d}'"


def _xmp_date(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds")


def _info_and_xmp(
    pdf: pikepdf.Pdf, *, title: str | None, made_at: datetime | None
) -> tuple[pikepdf.Dictionary, bytes]:
    """A new Info dictionary (the source's text entries, our Producer, the dates) and the XMP
    packet that says the same, as PDF/A requires."""
    texts: dict[str, str] = {}
    dates: dict[str, datetime] = {}
    old = pdf.trailer.get("/Info")
    if isinstance(old, pikepdf.Dictionary):
        for key in _INFO_TEXT_KEYS:
            if isinstance(old.get(key), pikepdf.String):
                texts[key] = str(old[key])
        for key in ("/CreationDate", "/ModDate"):
            if isinstance(old.get(key), pikepdf.String):
                # An unreadable date is dropped rather than copied into the XMP.
                with contextlib.suppress(ValueError):
                    dates[key] = decode_pdf_date(str(old[key]))
    if title is not None:
        texts["/Title"] = title
    texts["/Producer"] = PRODUCER
    if made_at is not None:
        dates.setdefault("/CreationDate", made_at)
        dates["/ModDate"] = made_at
    dates = {k: d for k, d in dates.items() if d.utcoffset() is not None}

    info = pikepdf.Dictionary()
    for key, value in texts.items():
        info[key] = pikepdf.String(value)
    for key, value in dates.items():
        info[key] = pikepdf.String(_pdf_date(value))

    def alt(value: str) -> str:
        return f'<rdf:Alt><rdf:li xml:lang="x-default">{escape(value)}</rdf:li></rdf:Alt>'

    properties = []
    if "/Title" in texts:
        properties.append(f"<dc:title>{alt(texts['/Title'])}</dc:title>")
    if "/Author" in texts:
        author = escape(texts["/Author"])
        properties.append(f"<dc:creator><rdf:Seq><rdf:li>{author}</rdf:li></rdf:Seq></dc:creator>")
    if "/Subject" in texts:
        properties.append(f"<dc:description>{alt(texts['/Subject'])}</dc:description>")
    if "/Keywords" in texts:
        properties.append(f"<pdf:Keywords>{escape(texts['/Keywords'])}</pdf:Keywords>")
    properties.append(f"<pdf:Producer>{escape(texts['/Producer'])}</pdf:Producer>")
    if "/Creator" in texts:
        properties.append(f"<xmp:CreatorTool>{escape(texts['/Creator'])}</xmp:CreatorTool>")
    if "/CreationDate" in dates:
        properties.append(f"<xmp:CreateDate>{_xmp_date(dates['/CreationDate'])}</xmp:CreateDate>")
    if "/ModDate" in dates:
        properties.append(f"<xmp:ModifyDate>{_xmp_date(dates['/ModDate'])}</xmp:ModifyDate>")
    properties.append(f"<pdfaid:part>{PDFA_PART}</pdfaid:part>")
    properties.append(f"<pdfaid:conformance>{PDFA_CONFORMANCE}</pdfaid:conformance>")
    body = "\n    ".join(properties)
    xmp = f"""<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
    xmlns:xmp="http://ns.adobe.com/xap/1.0/"
    xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/">
    {body}
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>"""
    return info, xmp.encode("utf-8")


def _output_intent(pdf: pikepdf.Pdf) -> pikepdf.Object:
    profile = pikepdf.Stream(pdf, zlib.compress(srgb_profile(), 6))
    profile.Filter = Name.FlateDecode
    profile.N = 3
    return pdf.make_indirect(
        pikepdf.Dictionary(
            Type=Name.OutputIntent,
            S=Name.GTS_PDFA1,
            OutputConditionIdentifier=pikepdf.String(ICC_DESCRIPTION),
            Info=pikepdf.String(ICC_DESCRIPTION),
            RegistryName=pikepdf.String("http://www.color.org"),
            DestOutputProfile=profile,
        )
    )


# ---------------------------------------------------------------------------------- entry


def to_pdfa(
    source: Path,
    target: Path,
    *,
    title: str | None = None,
    made_at: datetime | None = None,
    file_name: str | None = None,
) -> PdfaResult:
    """Write the PDF/A-2b version of ``source`` to ``target``.

    ``title`` becomes the document title (Info and XMP); ``made_at`` (time-zone aware, from
    the caller's clock) its modification date. ``file_name`` is the name the manager knows,
    for the German message of ``PdfaNotPossible``.
    """
    name = file_name or source.name
    try:
        pdf = pikepdf.open(source)
    except pikepdf.PasswordError as error:
        raise PdfaNotPossible(name, "sie ist verschlüsselt.") from error
    except pikepdf.PdfError as error:
        raise PdfaNotPossible(name, "sie ist beschädigt.") from error
    with pdf:
        embedder = _FontEmbedder(pdf, name)
        for resources in _resource_dictionaries(pdf):
            fonts = resources.get("/Font")
            if isinstance(fonts, pikepdf.Dictionary):
                for font in fonts.values():
                    if isinstance(font, pikepdf.Dictionary):
                        embedder.fix(font)
        root = pdf.Root
        root.OutputIntents = pikepdf.Array([_output_intent(pdf)])
        info, xmp = _info_and_xmp(pdf, title=title, made_at=made_at)
        pdf.trailer.Info = pdf.make_indirect(info)
        metadata = pikepdf.Stream(pdf, xmp)
        metadata.Type = Name.Metadata
        metadata.Subtype = Name.XML
        root.Metadata = metadata
        pages = len(pdf.pages)
        pdf.save(target, **_SAVE_OPTIONS)
    return PdfaResult(pages=pages, fonts=tuple(embedder.replaced))
