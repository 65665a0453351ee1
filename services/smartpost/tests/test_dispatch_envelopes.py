"""Postal dispatch: one envelope per contact in unit order, blank pages and sheets per option."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from pathlib import Path

import pikepdf
import pytest

from hausportal.smartpost.engine import (
    ColourMode,
    DispatchLetter,
    PrintOptions,
    PrintOptionsInvalid,
    Sides,
    build_envelopes,
    lay_out,
    natural_key,
    plan_print,
    write_print_file,
)
from hausportal.smartpost.engine.samples import Recipient, SampleLetter

SIMPLEX = PrintOptions()
DUPLEX = PrintOptions(sides=Sides.duplex)
OPTIMISED = PrintOptions(sides=Sides.duplex, duplex_optimised=True, colour=ColourMode.colour)

OWNER = Recipient("Jürgen Müller", "Hauptstraße 12", "40212", "Düsseldorf", "10001")
NEIGHBOUR = Recipient("Käthe Schäfer", "Lindenstraße 3", "50667", "Köln", "10002")
# Same name as the owner, another contact: never in the owner's envelope.
NAMESAKE = Recipient("Jürgen Müller", "Kirchweg 7", "80331", "München", "10003")


def _letter(contact_id: uuid.UUID, pages: range, unit: str) -> DispatchLetter:
    return DispatchLetter(
        letter_id=uuid.uuid4(), contact_id=contact_id, pages=tuple(pages), unit_name=unit
    )


class OwnerWithThreeUnits:
    """Letters in the file: WE 10 (5 pages), the neighbour (1), WE 2 (3), the namesake (2),
    WE 9 (2); unit order in the envelope is WE 2, WE 9, WE 10."""

    def __init__(self, write_letters: Callable[..., Path], attachment: Callable[..., Path]):
        self.owner, self.neighbour, self.namesake = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
        self.source = write_letters(
            [
                SampleLetter(OWNER, 5, unit_name="WE 10"),
                SampleLetter(NEIGHBOUR, 1, unit_name="WE 4"),
                SampleLetter(OWNER, 3, unit_name="WE 2"),
                SampleLetter(NAMESAKE, 2, unit_name="WE 7"),
                SampleLetter(OWNER, 2, unit_name="WE 9"),
            ]
        )
        self.attachment = attachment(pages=1)
        self.we10 = _letter(self.owner, range(0, 5), "WE 10")
        self.neighbour_letter = _letter(self.neighbour, range(5, 6), "WE 4")
        self.we2 = _letter(self.owner, range(6, 9), "WE 2")
        self.namesake_letter = _letter(self.namesake, range(9, 11), "WE 7")
        self.we9 = _letter(self.owner, range(11, 13), "WE 9")
        self.letters = [
            self.we10,
            self.neighbour_letter,
            self.we2,
            self.namesake_letter,
            self.we9,
        ]


@pytest.fixture
def case(write_letters: Callable[..., Path], attachment: Callable[..., Path]):
    return OwnerWithThreeUnits(write_letters, attachment)


class TestEnvelopes:
    def test_one_envelope_per_contact_in_unit_order(self, case: OwnerWithThreeUnits):
        envelopes = build_envelopes(case.letters)

        assert [e.contact_id for e in envelopes] == [case.owner, case.neighbour, case.namesake]
        assert [e.number for e in envelopes] == [1, 2, 3]
        assert envelopes[0].letters == (case.we2, case.we9, case.we10)

    def test_without_merging_one_envelope_per_letter_still_in_unit_order(
        self, case: OwnerWithThreeUnits
    ):
        envelopes = build_envelopes(case.letters, merge=False)

        assert [e.letters for e in envelopes] == [
            (case.we2,),
            (case.we9,),
            (case.we10,),
            (case.neighbour_letter,),
            (case.namesake_letter,),
        ]

    def test_some_contacts_get_separate_letters(self, case: OwnerWithThreeUnits):
        envelopes = build_envelopes(
            [*case.letters, _letter(case.neighbour, range(13, 14), "WE 3")],
            separate_contacts={case.owner},
        )

        assert [len(e.letters) for e in envelopes] == [1, 1, 1, 2, 1]
        assert [e.letters[0] for e in envelopes[:3]] == [case.we2, case.we9, case.we10]
        assert [letter.unit_name for letter in envelopes[3].letters] == ["WE 3", "WE 4"]

    def test_unit_names_sort_naturally(self):
        names = ["WE 10", "we 2", "WE 1a", "Garage 3", "WE 1", "WE 02b"]
        assert sorted(names, key=natural_key) == [
            "Garage 3",
            "WE 1",
            "WE 1a",
            "we 2",
            "WE 02b",
            "WE 10",
        ]


class TestSheets:
    @pytest.mark.parametrize(
        ("options", "pages", "blanks", "sheets"),
        [(SIMPLEX, 11, 0, 11), (DUPLEX, 12, 1, 6), (OPTIMISED, 14, 3, 7)],
        ids=["simplex", "duplex", "duplex-optimised"],
    )
    def test_counts_of_the_owner_envelope(
        self, case: OwnerWithThreeUnits, options: PrintOptions, pages, blanks, sheets
    ):
        owner = build_envelopes(case.letters)[0]

        layout = lay_out(owner, options, attachment_pages=1)

        assert (layout.pages, layout.blank_pages, layout.sheets) == (pages, blanks, sheets)

    def test_order_totals(self, case: OwnerWithThreeUnits):
        plan = plan_print(build_envelopes(case.letters), OPTIMISED, attachment_pages=1)

        totals = plan.totals
        # Owner 14 pages; neighbour 1 + blank + attachment + blank; namesake 2 + attachment
        # + blank.
        assert (totals.letters, totals.envelopes) == (5, 3)
        assert (totals.pages, totals.blank_pages, totals.sheets) == (14 + 4 + 4, 3 + 2 + 1, 11)

    def test_duplex_optimised_needs_duplex(self):
        with pytest.raises(PrintOptionsInvalid, match="Duplex"):
            PrintOptions(sides=Sides.simplex, duplex_optimised=True)


class TestPrintFileOfTheOwner:
    def test_page_sequence_duplex_optimised(
        self, case: OwnerWithThreeUnits, tmp_path: Path, page_texts_of
    ):
        plan = plan_print(build_envelopes(case.letters), OPTIMISED, attachment_pages=1)
        path = tmp_path / "druck.pdf"

        manifest = write_print_file(
            plan, source=case.source, attachments=[case.attachment], path=path
        )

        source, attachment, printed = (
            page_texts_of(case.source),
            page_texts_of(case.attachment),
            page_texts_of(path),
        )
        blank = ""
        owner_pages = [
            *source[6:9],  # WE 2: 3 pages
            blank,
            *source[11:13],  # WE 9: 2 pages, no blank
            *source[0:5],  # WE 10: 5 pages
            blank,
            attachment[0],  # once
            blank,  # the envelope's total even
        ]
        assert printed[:14] == owner_pages
        assert all(text.strip() for text in source + attachment)
        assert manifest[0].first_page == 0
        assert (manifest[0].page_count, manifest[0].sheets) == (14, 7)
        assert manifest[0].letter_ids == (
            case.we2.letter_id,
            case.we9.letter_id,
            case.we10.letter_id,
        )
        assert manifest[0].options == OPTIMISED
        assert printed[14:18] == [source[5], blank, attachment[0], blank]
        assert printed[18:] == [*source[9:11], attachment[0], blank]
        assert [(e.envelope, e.contact_id, e.first_page, e.page_count) for e in manifest] == [
            (1, case.owner, 0, 14),
            (2, case.neighbour, 14, 4),
            (3, case.namesake, 18, 4),
        ]

    def test_blank_pages_are_a4_pages(self, case: OwnerWithThreeUnits, tmp_path: Path):
        plan = plan_print(build_envelopes(case.letters[:1]), DUPLEX, attachment_pages=0)
        path = tmp_path / "druck.pdf"
        write_print_file(plan, source=case.source, path=path)

        with pikepdf.open(path) as pdf:
            pages = list(pdf.pages)
            assert len(pages) == 6
            assert [round(float(v)) for v in pages[5].mediabox] == [0, 0, 595, 842]

    def test_simplex_has_no_blank_pages(
        self, case: OwnerWithThreeUnits, tmp_path: Path, page_texts_of
    ):
        plan = plan_print(build_envelopes(case.letters), SIMPLEX, attachment_pages=1)
        path = tmp_path / "druck.pdf"

        write_print_file(plan, source=case.source, attachments=[case.attachment], path=path)

        printed, source = page_texts_of(path), page_texts_of(case.source)
        assert len(printed) == 11 + 2 + 3
        assert all(text.strip() for text in printed)
        assert printed[:10] == [*source[6:9], *source[11:13], *source[0:5]]
