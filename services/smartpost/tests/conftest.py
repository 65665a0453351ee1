"""Sample serial letters and directories for the engine tests (no servers needed)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import pypdfium2
import pytest

from hausportal.smartpost.engine.samples import (
    SampleLetter,
    write_attachment,
    write_serial_letter,
)


def page_texts(path: Path | str) -> list[str]:
    """The full text of every page, to compare output pages with source pages."""
    document = pypdfium2.PdfDocument(path)
    try:
        texts = []
        for page in document:
            textpage = page.get_textpage()
            texts.append(textpage.get_text_bounded())
            textpage.close()
            page.close()
        return texts
    finally:
        document.close()


@pytest.fixture
def page_texts_of() -> Callable[[Path | str], list[str]]:
    return page_texts


@pytest.fixture
def write_letters(tmp_path: Path) -> Callable[..., Path]:
    counter = iter(range(1000))

    def write(letters: Sequence[SampleLetter], name: str | None = None) -> Path:
        path = tmp_path / (name or f"serienbrief-{next(counter)}.pdf")
        write_serial_letter(path, letters)
        return path

    return write


@pytest.fixture
def attachment(tmp_path: Path) -> Callable[..., Path]:
    def write(pages: int = 3, title: str = "Wirtschaftsplan 2026") -> Path:
        path = tmp_path / f"anlage-{pages}-{len(title)}.pdf"
        write_attachment(path, pages=pages, title=title)
        return path

    return write
