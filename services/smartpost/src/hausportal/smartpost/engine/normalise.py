"""Text normalisation for comparing letters with master data: one spelling for each way of
writing the same name or address (case, umlauts, ß, "Str.", hyphens, line breaks)."""

from __future__ import annotations

import re
import unicodedata


def _fold_table() -> dict[int, str]:
    """Latin letters with accents to their base letters; German umlauts spelled out."""
    table = {ord("ä"): "ae", ord("ö"): "oe", ord("ü"): "ue"}
    for code in range(0xC0, 0x250):
        char = chr(code)
        if char in "äöü" or not char.isalpha():
            continue
        base = "".join(
            c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c)
        )
        if base != char:
            table[code] = base
    return table


_FOLD = _fold_table()
_FOLD_CHARS = frozenset(chr(code) for code in _FOLD)
# A word hyphenated at the end of a line ("Muster-\nmann"): the pieces belong together. A capital
# after the break is a double name or compound ("Müller-\nLüdenscheidt"): the hyphen stays,
# and every hyphen separates words like a space.
_BROKEN_WORD = re.compile(r"(\w)[-\u00ad\u2010\u2011][ \t]*\n\s*(?=[a-zäöüß])")
_LINE_END_HYPHENS = ("-\n", "- \n", "\u00ad\n", "\u2010\n", "\u2011\n")
# "Hauptstr.", "Hauptstr", "Hauptstraße", "Hauptstrasse", "Haupt-Str." all end up "haupt strasse"
# (applied after folding, so "straße" is "strasse" by then).
_STREET = re.compile(r"str(?:asse)?\b\.?")
# "12 a" and "12a" are the same house number.
_HOUSE_NUMBER = re.compile(r"(\d) ([a-z])\b")
# Everything but letters and digits (of any script) separates words; line breaks are kept
# until the end so that lines can be told apart.
_NOT_WORD = re.compile(r"[^\w\n]+")


def _fold(text: str) -> str:
    """Lower case, umlauts spelled out, ß as ss, accents dropped (Latin letters)."""
    # NFC first so that "u" + combining diaeresis is one "ü"; casefold turns ß and ẞ into "ss".
    text = unicodedata.normalize("NFC", text).casefold()
    if not text.isascii():
        for char in _FOLD_CHARS.intersection(text):
            text = text.replace(char, _FOLD[ord(char)])
    return text


def _normalise_keeping_lines(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if any(hyphen in text for hyphen in _LINE_END_HYPHENS):
        text = _BROKEN_WORD.sub(r"\1", text)
    if not text.isascii():
        text = text.replace("\u00ad", "").replace("\u200b", "")
    text = _fold(text)
    if "str" in text:
        text = _STREET.sub(" strasse ", text)
    text = _NOT_WORD.sub(" ", text.replace("_", " "))
    return _HOUSE_NUMBER.sub(r"\1\2", text)


def normalise(text: str) -> str:
    """One line of space-separated lower-case words; see the module docstring."""
    # The house number once more: "12" and "a" may have been on two lines.
    return _HOUSE_NUMBER.sub(r"\1\2", " ".join(_normalise_keeping_lines(text).split()))


def normalise_lines(text: str) -> list[str]:
    """The non-empty lines of a text block, each normalised (a broken word stays joined)."""
    lines = (" ".join(line.split()) for line in _normalise_keeping_lines(text).split("\n"))
    return [line for line in lines if line]


def contains_phrase(haystack: str, phrase: str) -> bool:
    """Whether normalised ``phrase`` occurs in normalised ``haystack`` on word boundaries."""
    if not phrase:
        return False
    return f" {phrase} " in f" {haystack} "


def normalise_number(number: str) -> str:
    """Contact numbers compare without case, spaces and separators: "K-100 42" == "k10042"."""
    return "".join(normalise(number).split())
