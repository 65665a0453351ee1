"""Page text from the address window: both DIN 5008 forms, umlauts, and the work interface
(progress, cancelling) the background job relies on."""

from __future__ import annotations

import uuid

import pytest

from hausportal.smartpost.engine import (
    CandidateContact,
    Progress,
    SplitOptions,
    extract_page_texts,
    iter_page_texts,
    split_letters,
)
from hausportal.smartpost.engine import pipeline as pipeline_module
from hausportal.smartpost.engine.samples import SENDER_LINE, Recipient, SampleLetter

RECIPIENT = Recipient(
    name="Jörg Weiß-Straßburger",
    street="Jülicher Straße 12a",
    zip_code="50667",
    city="Köln",
    contact_number="K-10042",
    salutation="Herrn",
)


class TestWindowText:
    @pytest.mark.parametrize("form", ["A", "B"])
    def test_the_window_holds_the_address_with_its_umlauts(self, write_letters, form):
        source = write_letters([SampleLetter(RECIPIENT, pages=2, form=form)])

        first, follow_up = iter_page_texts(source)

        lines = first.window.splitlines()
        assert lines[:6] == [
            SENDER_LINE,
            "Kontakt-Nr. K-10042",
            "Herrn",
            "Jörg Weiß-Straßburger",
            "Jülicher Straße 12a",
            "50667 Köln",
        ]
        # Letterhead and information block stay out; the follow-up header too.
        assert "Datum" not in first.window
        assert "Telefon" not in first.window
        assert "K-10042" not in follow_up.window
        assert first.full is None

    def test_full_text_when_asked(self, write_letters):
        source = write_letters([SampleLetter(RECIPIENT, pages=1, unit_name="WE 03")])
        (page,) = extract_page_texts(source, page_count=1, full_text=True)
        assert page.full is not None
        assert "Hausgeldabrechnung 2025 \N{EN DASH} Einheit WE 03" in page.full
        assert "Datum: 15.03.2026" in page.full
        assert page.window.startswith(SENDER_LINE)


class TestProgressAndCancelling:
    def _source(self, write_letters, letters: int = 30):
        recipients = [
            Recipient(f"Anna Beispiel{i}", "Hauptstr. 1", "10115", "Berlin", str(50000 + i))
            for i in range(letters)
        ]
        return write_letters([SampleLetter(r, pages=2) for r in recipients])

    def test_progress_counts_pages(self, write_letters):
        source = self._source(write_letters)
        seen: list[Progress] = []
        split_letters(source, contacts=[], options=SplitOptions(), progress=seen.append)
        assert [p.done for p in seen] == [50, 60]
        assert {p.total for p in seen} == {60}

    @pytest.mark.parametrize("parallel", [False, True])
    def test_raising_from_the_callback_cancels(self, write_letters, monkeypatch, parallel):
        source = self._source(write_letters, letters=60)
        if parallel:
            monkeypatch.setattr(pipeline_module, "PARALLEL_MIN_PAGES", 10)

        class Cancelled(Exception):
            pass

        def cancel(progress: Progress) -> None:
            raise Cancelled

        with pytest.raises(Cancelled):
            split_letters(
                source,
                contacts=[CandidateContact(contact_id=uuid.uuid4(), name="Anna Beispiel1")],
                options=SplitOptions(),
                workers=2,
                progress=cancel,
            )


def test_page_texts_read_in_several_threads_at_once_are_the_same(write_letters) -> None:
    # pdfium is not thread-safe; the service reads PDFs in threads (uploads next to a split).
    from concurrent.futures import ThreadPoolExecutor

    from hausportal.smartpost.engine import iter_page_texts
    from hausportal.smartpost.engine.samples import Recipient, SampleLetter, make_directory

    directory = make_directory(contacts_per_property=30, seed=81)
    sources = [
        write_letters([SampleLetter(Recipient.of(c), pages=3) for c in directory.contacts])
        for _ in range(4)
    ]
    expected = [[t.full for t in iter_page_texts(s, full_text=True)] for s in sources]

    def read(i: int) -> list[str | None]:
        return [t.full for t in iter_page_texts(sources[i % 4], full_text=True)]

    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(read, range(16)))

    assert results == [expected[i % 4] for i in range(16)]
