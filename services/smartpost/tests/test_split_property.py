"""100 letters of 1-4 pages for the 100 contacts of one property, plus a 3-page attachment:
every contact gets exactly its own pages plus the attachment, nobody else's."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from hausportal.smartpost.engine import (
    AssemblyResult,
    MatchMethod,
    Progress,
    SplitOptions,
    SplitResult,
    assemble,
    split_and_assemble,
    split_letters,
)
from hausportal.smartpost.engine.samples import Recipient, SampleLetter, make_directory


@pytest.fixture
def property_letters(write_letters, attachment):
    directory = make_directory(properties=1, contacts_per_property=100, seed=11)
    rng = random.Random(5)
    letters = []
    for i, contact in enumerate(directory.contacts):
        # Every third letter without the contact number: matched by name and address.
        recipient = Recipient.of(contact, print_number=i % 3 != 0)
        letters.append(
            SampleLetter(
                recipient,
                pages=rng.randint(1, 4),
                form="A" if i % 4 == 0 else "B",
                unit_name=contact.contracts[0].unit_name,
            )
        )
    source = write_letters(letters)
    return directory, letters, source, attachment(pages=3)


class TestOnePropertyHundredContacts:
    def test_every_contact_gets_exactly_its_pages_plus_the_attachment(
        self, property_letters, tmp_path: Path, page_texts_of
    ):
        directory, letters, source, attachment_path = property_letters
        options = SplitOptions(property_id=directory.property_ids[0])
        seen: list[Progress] = []

        result, assembly = split_and_assemble(
            source,
            contacts=directory.contacts,
            options=options,
            attachments=[attachment_path],
            out_dir=tmp_path / "out",
            progress=seen.append,
        )

        assert result.ready, [p.message for p in result.problems]
        assert len(result.letters) == 100
        assert result.missing_contacts == ()
        source_pages = page_texts_of(source)
        attachment_pages = page_texts_of(attachment_path)
        expected_start = 0
        by_letter = {f.letter_index: f for f in assembly.letter_files}
        for letter, spec, contact in zip(result.letters, letters, directory.contacts, strict=True):
            assert letter.contact_id == contact.contact_id
            assert letter.unit_id == contact.contracts[0].unit_id
            assert letter.property_id == directory.property_ids[0]
            assert letter.pages == tuple(range(expected_start, expected_start + spec.pages))
            expected_start += spec.pages
            # The letter file holds this contact's pages (same text as the source) + attachment.
            file_pages = page_texts_of(by_letter[letter.index].path)
            assert file_pages == [source_pages[p] for p in letter.pages] + attachment_pages
            assert all(contact.name in text for text in file_pages[: spec.pages])
        # Pages in == pages out: every source page in exactly one letter.
        assigned = [p for letter in result.letters for p in letter.pages]
        assert assigned == list(range(len(source_pages)))
        # The print file: letters in order, each followed by the attachment.
        print_pages = page_texts_of(assembly.print_file)
        expected_print = []
        for letter in result.letters:
            expected_print += [source_pages[p] for p in letter.pages] + attachment_pages
        assert print_pages == expected_print
        assert [e.first_page for e in assembly.print_entries] == [
            sum(len(prev.pages) + 3 for prev in result.letters[:i]) for i in range(100)
        ]
        # Both results can be stored as JSON.
        assert AssemblyResult.from_dict(json.loads(json.dumps(assembly.to_dict()))) == assembly
        # Progress reached the end of both stages.
        assert Progress("extract", len(source_pages), len(source_pages)) in seen
        assert seen[-1] == Progress("assemble", 101, 101)

    def test_each_letter_says_how_it_matched(self, property_letters):
        directory, _, source, _ = property_letters
        result = split_letters(
            source,
            contacts=directory.contacts,
            options=SplitOptions(property_id=directory.property_ids[0]),
        )
        for i, letter in enumerate(result.letters):
            if i % 3 == 0:
                assert letter.method is MatchMethod.name_address
                assert letter.reason == "Name und Anschrift im Adressfeld"
                assert letter.confidence == 0.95
            else:
                assert letter.method is MatchMethod.contact_number
                number = directory.contacts[i].contact_number
                assert letter.reason == f"Kontakt-Nr. {number}, Name und Anschrift im Adressfeld"
                assert letter.confidence == 1.0

    def test_the_result_can_be_stored_and_read_back(self, property_letters):
        directory, _, source, _ = property_letters
        result = split_letters(
            source,
            contacts=directory.contacts,
            options=SplitOptions(property_id=directory.property_ids[0]),
        )
        stored = json.loads(json.dumps(result.to_dict()))
        assert SplitResult.from_dict(stored) == result

    def test_parallel_extraction_gives_the_same_letters(self, property_letters, monkeypatch):
        directory, _, source, _ = property_letters
        from hausportal.smartpost.engine import pipeline

        options = SplitOptions(property_id=directory.property_ids[0])
        alone = split_letters(source, contacts=directory.contacts, options=options, workers=1)
        monkeypatch.setattr(pipeline, "PARALLEL_MIN_PAGES", 10)
        seen = []
        pooled = split_letters(
            source, contacts=directory.contacts, options=options, workers=2, progress=seen.append
        )
        assert pooled == alone
        # Read in several chunks by the pool.
        assert len(seen) > 2

    def test_parallel_assembly_writes_the_same_files(
        self, property_letters, tmp_path: Path, monkeypatch, page_texts_of
    ):
        directory, _, source, attachment_path = property_letters
        from hausportal.smartpost.engine import assembly

        result = split_letters(
            source,
            contacts=directory.contacts,
            options=SplitOptions(property_id=directory.property_ids[0]),
        )
        alone = assemble(
            source, result.letters, attachments=[attachment_path], out_dir=tmp_path / "a"
        )
        monkeypatch.setattr(assembly, "PARALLEL_MIN_LETTERS", 10)
        monkeypatch.setattr(assembly, "_LETTERS_PER_CHUNK", 30)
        pooled = assemble(
            source,
            result.letters,
            attachments=[attachment_path],
            out_dir=tmp_path / "b",
            workers=2,
        )
        assert pooled.print_entries == alone.print_entries
        assert page_texts_of(pooled.print_file) == page_texts_of(alone.print_file)
        for a, b in zip(alone.letter_files, pooled.letter_files, strict=True):
            assert (a.letter_index, a.page_count) == (b.letter_index, b.page_count)
            assert page_texts_of(a.path) == page_texts_of(b.path)

    def test_a_contact_missing_a_letter_is_listed(self, property_letters, write_letters):
        directory, letters, _, _ = property_letters
        source = write_letters(letters[1:])
        result = split_letters(
            source,
            contacts=directory.contacts,
            options=SplitOptions(property_id=directory.property_ids[0]),
        )
        assert [m.contact_id for m in result.missing_contacts] == [directory.contacts[0].contact_id]
        assert result.ready  # a warning, not a problem of any letter
