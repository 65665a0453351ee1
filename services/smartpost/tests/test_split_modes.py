"""Cross-property letters, follow-up headers, fixed pages and separator modes."""

from __future__ import annotations

import dataclasses

import pikepdf
import pytest

from hausportal.smartpost.engine import (
    MatchMethod,
    ProblemKind,
    SplitMode,
    SplitOptions,
    SplitOptionsInvalid,
    split_letters,
)
from hausportal.smartpost.engine.samples import (
    Recipient,
    SampleLetter,
    make_directory,
    write_attachment,
)


class TestCrossProperty:
    def test_contacts_of_three_properties_in_one_upload(self, write_letters):
        directory = make_directory(properties=3, contacts_per_property=4, seed=31)
        # Interleaved: property 1, 2, 3, 1, 2, 3, ...
        order = [directory.contacts[p * 4 + i] for i in range(4) for p in range(3)]
        source = write_letters(
            [
                SampleLetter(Recipient.of(c, print_number=i % 2 == 0), pages=1 + i % 3)
                for i, c in enumerate(order)
            ]
        )

        result = split_letters(source, contacts=directory.contacts, options=SplitOptions())

        assert result.ready
        assert [letter.contact_id for letter in result.letters] == [c.contact_id for c in order]
        assert [letter.property_id for letter in result.letters] == [
            c.contracts[0].property_id for c in order
        ]
        assert len({letter.property_id for letter in result.letters}) == 3
        # Cross-property: no "contact without a letter" warning.
        partial = write_letters([SampleLetter(Recipient.of(order[0]), pages=1)])
        assert (
            split_letters(
                partial, contacts=directory.contacts, options=SplitOptions()
            ).missing_contacts
            == ()
        )


class TestFollowUpPages:
    def test_a_contact_number_repeated_in_follow_up_headers_starts_no_letter(self, write_letters):
        directory = make_directory(contacts_per_property=3, seed=32)
        # The header of pages 2-4 sits inside the window region and repeats the number.
        letters = [
            SampleLetter(Recipient.of(c), pages=4, followup_header_top_mm=50)
            for c in directory.contacts
        ]
        source = write_letters(letters)

        result = split_letters(
            source,
            contacts=directory.contacts,
            options=SplitOptions(property_id=directory.property_ids[0]),
        )

        assert result.ready
        assert [letter.pages for letter in result.letters] == [
            (0, 1, 2, 3),
            (4, 5, 6, 7),
            (8, 9, 10, 11),
        ]

    def test_a_header_naming_somebody_else_starts_a_letter_for_review(self, write_letters):
        directory = make_directory(contacts_per_property=2, seed=40)
        a, b = directory.contacts
        source = write_letters(
            [SampleLetter(Recipient.of(c), pages=3, followup_header_top_mm=50) for c in (a, b)]
        )
        # B's first page is missing: its follow-up pages come right after A's letter.
        with pikepdf.open(source, allow_overwriting_input=True) as pdf:
            del pdf.pages[3]
            pdf.save(source)

        result = split_letters(
            source,
            contacts=directory.contacts,
            options=SplitOptions(property_id=directory.property_ids[0]),
        )

        first, second = result.letters
        assert first.pages == (0, 1, 2)
        assert first.ready
        assert second.pages == (3, 4)
        assert second.contact_id == b.contact_id
        (problem,) = second.problems
        assert problem.kind is ProblemKind.split_irregular
        assert "aber keine Anschrift im Adressfeld" in problem.message

    def test_pages_before_the_first_address_are_reported(self, write_letters):
        directory = make_directory(contacts_per_property=2, seed=33)
        contact = directory.contacts[0]
        # A cover page without an address, then a letter.
        letters = [SampleLetter(Recipient.of(contact), pages=3)]
        source = write_letters(letters)
        cover = source.with_name("mit-deckblatt.pdf")
        write_attachment(cover, pages=1, title="Deckblatt")
        with pikepdf.open(cover) as front, pikepdf.open(source) as rest:
            front.pages.extend(rest.pages)
            front.save(cover.with_name("zusammen.pdf"))

        result = split_letters(
            cover.with_name("zusammen.pdf"),
            contacts=directory.contacts,
            options=SplitOptions(property_id=directory.property_ids[0]),
        )

        leading, letter = result.letters
        assert leading.pages == (0,)
        assert leading.contact_id is None
        assert leading.problems[0].kind is ProblemKind.unmatched
        assert "Vor dem ersten erkannten Adressfeld" in leading.problems[0].message
        assert letter.pages == (1, 2, 3)
        assert letter.ready


class TestFixedPages:
    def test_every_n_pages_are_a_letter_assigned_by_their_first_page(self, write_letters):
        directory = make_directory(contacts_per_property=3, seed=34)
        source = write_letters(
            [SampleLetter(Recipient.of(c, print_number=False), pages=2) for c in directory.contacts]
        )
        options = SplitOptions(
            mode=SplitMode.fixed_pages,
            pages_per_letter=2,
            property_id=directory.property_ids[0],
        )

        result = split_letters(source, contacts=directory.contacts, options=options)

        assert result.ready
        assert [letter.pages for letter in result.letters] == [(0, 1), (2, 3), (4, 5)]
        assert {letter.method for letter in result.letters} == {MatchMethod.fixed_pages}
        assert {letter.identified_by for letter in result.letters} == {MatchMethod.name_address}

    def test_a_wrong_page_count_shows_in_the_report(self, write_letters):
        directory = make_directory(contacts_per_property=2, seed=35)
        a, b = directory.contacts
        source = write_letters(
            [SampleLetter(Recipient.of(a), pages=1), SampleLetter(Recipient.of(b), pages=2)]
        )
        options = SplitOptions(
            mode=SplitMode.fixed_pages,
            pages_per_letter=2,
            property_id=directory.property_ids[0],
        )

        first, second = split_letters(source, contacts=directory.contacts, options=options).letters

        assert first.contact_id == a.contact_id
        assert first.problems[0].kind is ProblemKind.split_irregular
        assert first.problems[0].pages == (1,)  # page 2 names b
        assert second.pages == (2,)
        assert second.contact_id is None  # page 3 is b's follow-up page: no address
        kinds = {p.kind for p in second.problems}
        assert kinds == {ProblemKind.unmatched, ProblemKind.split_irregular}

    def test_fixed_pages_need_a_page_count(self, write_letters):
        directory = make_directory(contacts_per_property=1, seed=36)
        source = write_letters([SampleLetter(Recipient.of(directory.contacts[0]), pages=1)])
        with pytest.raises(SplitOptionsInvalid):
            split_letters(
                source,
                contacts=directory.contacts,
                options=SplitOptions(mode=SplitMode.fixed_pages),
            )


class TestSeparator:
    @pytest.mark.parametrize("position", ["first", "last"])
    def test_a_separator_text_marks_the_letters(self, write_letters, position):
        directory = make_directory(contacts_per_property=4, seed=37)
        letters = [
            SampleLetter(
                Recipient.of(c),
                pages=1 + i % 3,
                separator="### Neuer Brief ###",
                separator_on=position,
            )
            for i, c in enumerate(directory.contacts)
        ]
        source = write_letters(letters)
        options = SplitOptions(
            mode=SplitMode.separator,
            separator_text="neuer brief",
            separator_position=position,
            property_id=directory.property_ids[0],
        )

        result = split_letters(source, contacts=directory.contacts, options=options)

        assert result.ready, [p.message for p in result.problems]
        assert [len(letter.pages) for letter in result.letters] == [1, 2, 3, 1]
        assert [letter.contact_id for letter in result.letters] == [
            c.contact_id for c in directory.contacts
        ]
        assert {letter.method for letter in result.letters} == {MatchMethod.separator}

    def test_pages_after_the_last_separator_are_reported(self, write_letters):
        directory = make_directory(contacts_per_property=2, seed=38)
        a, b = directory.contacts
        source = write_letters(
            [
                SampleLetter(Recipient.of(a), pages=2, separator="ENDE", separator_on="last"),
                SampleLetter(Recipient.of(b), pages=2),
            ]
        )
        options = SplitOptions(
            mode=SplitMode.separator,
            separator_text="Ende",
            separator_position="last",
            property_id=directory.property_ids[0],
        )

        first, rest = split_letters(source, contacts=directory.contacts, options=options).letters

        assert first.ready
        assert rest.contact_id == b.contact_id
        assert rest.problems[0].kind is ProblemKind.split_irregular
        assert "Nach der letzten Seite mit dem Trenntext" in rest.problems[0].message

    def test_a_contact_found_by_both_modes_is_the_same(self, write_letters):
        directory = make_directory(contacts_per_property=3, seed=39)
        letters = [
            SampleLetter(Recipient.of(c), pages=2, separator="XX-TRENNER")
            for c in directory.contacts
        ]
        source = write_letters(letters)
        base = SplitOptions(property_id=directory.property_ids[0])
        by_window = split_letters(source, contacts=directory.contacts, options=base)
        by_separator = split_letters(
            source,
            contacts=directory.contacts,
            options=dataclasses.replace(
                base, mode=SplitMode.separator, separator_text="xx trenner"
            ),
        )
        assert [(x.pages, x.contact_id) for x in by_window.letters] == [
            (x.pages, x.contact_id) for x in by_separator.letters
        ]
