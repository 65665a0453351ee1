"""The print file of a large order: it and its manifest agree, page for page, and it is fast."""

from __future__ import annotations

import time
import uuid
from pathlib import Path

import pikepdf

from hausportal.smartpost.engine import (
    DispatchLetter,
    PrintOptions,
    Sides,
    build_envelopes,
    check_letters,
    plan_print,
    write_print_file,
)
from hausportal.smartpost.engine.samples import (
    make_directory,
    serial_letter_for,
    write_attachment,
    write_serial_letter,
)

OPTIONS = PrintOptions(sides=Sides.duplex, duplex_optimised=True)


def contents_of(path: Path) -> list[bytes]:
    """Each page's content stream as stored (the print file copies streams as they are): the
    same bytes, the same page; text extraction of thousands of pages would take seconds."""
    with pikepdf.open(path) as pdf:
        return [page.obj.Contents.read_raw_bytes() for page in pdf.pages]


def order_of(letters: int, tmp_path: Path) -> tuple[Path, Path, list[DispatchLetter]]:
    """``letters`` letters of 1-4 pages; every third owner has two units, so two letters."""
    directory = make_directory(contacts_per_property=letters * 3 // 4, multi_unit_every=3)
    pairs = serial_letter_for(directory, letters=letters)
    source, attachment = tmp_path / "serienbrief.pdf", tmp_path / "anlage.pdf"
    starts = write_serial_letter(source, [sample for _, sample in pairs])
    write_attachment(attachment, pages=2)
    return (
        source,
        attachment,
        [
            DispatchLetter(
                letter_id=uuid.uuid4(),
                contact_id=contact.contact_id,
                pages=tuple(range(start, start + sample.pages)),
                unit_name=sample.unit_name or "",
            )
            for (contact, sample), start in zip(pairs, starts, strict=True)
        ],
    )


class TestLargeOrder:
    def test_manifest_and_print_file_agree(self, tmp_path: Path):
        source, attachment, letters = order_of(500, tmp_path)
        path = tmp_path / "druck.pdf"

        started = time.perf_counter()
        check = check_letters(source, letters, options=OPTIONS, attachments=[attachment])
        plan = plan_print(build_envelopes(check.printable), OPTIONS, attachment_pages=2)
        manifest = write_print_file(plan, source=source, attachments=[attachment], path=path)
        elapsed = time.perf_counter() - started

        assert check.failed == ()
        contacts = {letter.contact_id for letter in letters}
        assert len(manifest) == len(contacts) < len(letters)
        assert [entry.envelope for entry in manifest] == list(range(1, len(contacts) + 1))
        source_pages, attachment_pages = contents_of(source), contents_of(attachment)
        assert len(set(source_pages + attachment_pages)) == len(source_pages) + 2
        printed = contents_of(path)
        assert len(printed) == plan.totals.pages == sum(entry.page_count for entry in manifest)
        by_id = {letter.letter_id: letter for letter in letters}
        next_page = 0
        for entry in manifest:
            assert entry.first_page == next_page
            expected: list[bytes] = []
            for letter_id in entry.letter_ids:
                letter = by_id[letter_id]
                assert letter.contact_id == entry.contact_id
                expected += [source_pages[i] for i in letter.pages]
                expected += [b""] * (len(letter.pages) % 2)
            expected += attachment_pages
            assert printed[entry.first_page : entry.first_page + entry.page_count] == expected
            assert entry.page_count % 2 == 0
            assert entry.sheets == entry.page_count // 2
            next_page += entry.page_count
        assert sum(entry.sheets for entry in manifest) == plan.totals.sheets
        # About 1,250 pages in, 2,300 out: under a second here; generous for a loaded machine.
        assert elapsed < 10, elapsed
