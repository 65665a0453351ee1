"""Normalisation: the spellings of one name or address that must compare equal (and some that
must not)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hausportal.smartpost.engine.normalise import (
    contains_phrase,
    normalise,
    normalise_lines,
    normalise_number,
)

SAME = [
    # umlauts, ß and case
    ("Müller", "Mueller"),
    ("Müller", "MÜLLER"),
    ("Müller", "Mu\u0308ller"),  # u + combining diaeresis
    ("Jörg Weiß", "Joerg Weiss"),
    ("Jürgen Groß", "JUERGEN GROSS"),
    ("Straßburger", "Strassburger"),
    ("ẞ", "ss"),
    ("René", "Rene"),
    # street spellings
    ("Hauptstraße 5", "Hauptstr. 5"),
    ("Hauptstraße 5", "Hauptstrasse 5"),
    ("Hauptstraße 5", "Hauptstr 5"),
    ("Hauptstraße 5", "Haupt-Straße 5"),
    ("Münchner Straße 12", "Münchner Str. 12"),
    ("Hans-Böckler-Str. 12a", "Hans-Böckler-Straße 12 a"),
    ("Hans-Böckler-Straße 3", "Hans Böckler Straße 3"),
    # whitespace and line breaks
    ("Erika  Mustermann", "Erika\nMustermann"),
    ("Erika Mustermann", "  Erika\r\n Mustermann  "),
    ("Mustermann", "Muster-\nmann"),  # hyphenated at a line end
    ("Mustermann", "Muster\u00admann"),  # soft hyphen
    ("Müller-Lüdenscheidt", "Müller-\nLüdenscheidt"),  # a double name broken at the hyphen
    ("Müller-Lüdenscheidt", "Müller Lüdenscheidt"),
    ("Müller GmbH & Co. KG", "Müller GmbH & Co KG"),
]

DIFFERENT = [
    ("Müller", "Muller"),  # a different name, not a spelling
    ("Hauptstraße 5", "Hauptstraße 55"),
    ("Anna Müller", "Johanna Müller"),
    ("Astrid", "Astrasse"),
]


class TestNormalise:
    @pytest.mark.parametrize(("a", "b"), SAME)
    def test_spellings_of_the_same_thing_compare_equal(self, a, b):
        assert normalise(a) == normalise(b)

    @pytest.mark.parametrize(("a", "b"), DIFFERENT)
    def test_different_things_stay_different(self, a, b):
        assert normalise(a) != normalise(b)

    def test_a_window_keeps_its_lines(self):
        window = "Herrn\r\nDr. Max Müller-\r\nLüdenscheidt\r\n\r\nHaupt-\nstr. 5 a\r\n10115 Berlin"
        assert normalise_lines(window) == [
            "herrn",
            "dr max mueller",
            "luedenscheidt",
            "haupt strasse 5a",
            "10115 berlin",
        ]

    def test_phrases_match_on_word_boundaries_only(self):
        text = normalise("Johanna Müller · Lindenstraße 123 · 10115 Berlin")
        assert contains_phrase(text, normalise("Lindenstr. 123"))
        assert not contains_phrase(text, normalise("Lindenstraße 12"))
        assert not contains_phrase(text, normalise("Anna Müller"))
        assert not contains_phrase(text, "")

    def test_contact_numbers_ignore_separators(self):
        assert normalise_number("K-100 42") == normalise_number("k10042")
        assert normalise_number("10042") != normalise_number("100420")

    @given(st.text(max_size=60))
    def test_normalising_twice_changes_nothing(self, text):
        once = normalise(text)
        assert normalise(once) == once
        assert once == once.strip()
        assert "  " not in once
