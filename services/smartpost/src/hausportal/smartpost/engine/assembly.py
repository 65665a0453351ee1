"""Letter files and the combined print file, assembled with pikepdf from the source pages.

pikepdf is fast only when used with care: the page list is taken once (``len`` and slices of
``pdf.pages`` rebuild it), streams are copied as they are (no decompression, no recompression),
and the print file is built from the source document with its page tree set in one go, since
appending thousands of pages one by one is quadratic in qpdf.
"""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import Executor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pikepdf

from hausportal.smartpost.engine.errors import InvalidPdf, InvalidPdfReason
from hausportal.smartpost.engine.model import (
    AssemblyResult,
    Letter,
    LetterFile,
    PrintFileEntry,
    Progress,
    ProgressCallback,
)
from hausportal.smartpost.engine.pool import default_workers, run_chunks

# Fewer letters than this are written in this process.
PARALLEL_MIN_LETTERS = 200
_LETTERS_PER_CHUNK = 100

_SAVE_OPTIONS = {
    "compress_streams": False,
    "stream_decode_level": pikepdf.StreamDecodeLevel.none,
    "fix_metadata_version": False,
}


def open_pdf(path: Path, display_name: str | None = None) -> pikepdf.Pdf:
    name = display_name or path.name
    try:
        return pikepdf.open(path)
    except pikepdf.PasswordError as error:
        raise InvalidPdf(name, InvalidPdfReason.encrypted, str(error)) from error
    except pikepdf.PdfError as error:
        raise InvalidPdf(name, InvalidPdfReason.damaged, str(error)) from error


class _Sources:
    """The source file and the attachments, open once per process, pages listed once."""

    def __init__(self, source: Path, attachments: Sequence[Path]) -> None:
        self.key = (source, tuple(attachments))
        self.source = open_pdf(source)
        self.pages = list(self.source.pages)
        self.attachments = [open_pdf(a) for a in attachments]
        self.attachment_pages = [p for pdf in self.attachments for p in list(pdf.pages)]

    def close(self) -> None:
        for pdf in (self.source, *self.attachments):
            pdf.close()


_sources: _Sources | None = None


def _sources_for(source: Path, attachments: Sequence[Path]) -> _Sources:
    global _sources
    if _sources is None or _sources.key != (source, tuple(attachments)):
        if _sources is not None:
            _sources.close()
        _sources = _Sources(source, attachments)
    return _sources


@dataclass(frozen=True)
class _Job:
    letter_index: int
    pages: tuple[int, ...]
    path: Path


def _write_letters(sources: _Sources, jobs: list[_Job]) -> list[LetterFile]:
    written = []
    for job in jobs:
        with pikepdf.new() as out:
            for index in job.pages:
                out.pages.append(sources.pages[index])
            for page in sources.attachment_pages:
                out.pages.append(page)
            out.save(job.path, **_SAVE_OPTIONS)
        written.append(
            LetterFile(
                letter_index=job.letter_index,
                path=str(job.path),
                page_count=len(job.pages) + len(sources.attachment_pages),
            )
        )
    return written


def _write_print_file(
    sources: _Sources, letters: list[tuple[int, tuple[int, ...]]], path: Path
) -> list[PrintFileEntry]:
    entries = []
    with pikepdf.new() as out:
        tree = out.Root.Pages
        attachment = [out.copy_foreign(p.obj) for p in sources.attachment_pages]
        kids: list[pikepdf.Object] = []
        for letter_index, pages in letters:
            first = len(kids)
            kids.extend(out.copy_foreign(sources.pages[i].obj) for i in pages)
            if first == 0:
                kids.extend(attachment)
            else:
                # The attachment's pages go in once; later letters get shallow copies that
                # share its content streams and resources (its annotations stay with the first).
                kids.extend(out.make_indirect(_shallow_page(a)) for a in attachment)
            entries.append(PrintFileEntry(letter_index, first, len(kids) - first))
        for kid in kids:
            kid.Parent = tree
        tree.Kids = pikepdf.Array(kids)
        tree.Count = len(kids)
        out.save(path, **_SAVE_OPTIONS)
    return entries


def _shallow_page(page: pikepdf.Object) -> pikepdf.Dictionary:
    copy = pikepdf.Dictionary(page)
    if "/Annots" in copy:
        del copy["/Annots"]
    return copy


def assemble(
    source: Path,
    letters: Sequence[Letter],
    *,
    attachments: Sequence[Path] = (),
    out_dir: Path,
    print_file: bool = True,
    workers: int | None = None,
    executor: Executor | None = None,
    progress: ProgressCallback | None = None,
) -> AssemblyResult:
    """Write ``out_dir/letter-00001.pdf``... (each letter's pages plus all attachments) and,
    when asked, ``out_dir/print.pdf``: every letter followed by the attachments, in order."""
    out_dir.mkdir(parents=True, exist_ok=True)
    workers = workers or default_workers()
    attachments = tuple(attachments)
    jobs = [
        _Job(letter.index, letter.pages, out_dir / f"letter-{letter.index + 1:05d}.pdf")
        for letter in letters
    ]
    total = len(jobs) + (1 if print_file else 0)
    files: list[LetterFile] = []
    entries: list[PrintFileEntry] = []
    print_path = out_dir / "print.pdf" if print_file else None
    done_count = 0

    def done(result: tuple[str, list]) -> None:
        nonlocal done_count
        kind, items = result
        if kind == "print":
            entries.extend(items)
            done_count += 1
        else:
            files.extend(items)
            done_count += len(items)
        if progress is not None:
            progress(Progress("assemble", done_count, total))

    parallel = executor is not None or (workers > 1 and len(jobs) >= PARALLEL_MIN_LETTERS)
    if not parallel:
        # Opened here, not through the per-process cache: callers may run several in threads.
        sources = _Sources(source, attachments)
        try:
            for start in range(0, len(jobs), 50):
                done(("letters", _write_letters(sources, jobs[start : start + 50])))
            if print_path is not None:
                done(("print", _write_print_file(sources, _print_order(letters), print_path)))
        finally:
            sources.close()
    else:
        tasks: list[tuple[Any, ...]] = []
        if print_path is not None:
            # The longest task goes first so it does not finish last.
            tasks.append(("print", source, attachments, _print_order(letters), print_path))
        for start in range(0, len(jobs), _LETTERS_PER_CHUNK):
            tasks.append(("letters", source, attachments, jobs[start : start + _LETTERS_PER_CHUNK]))
        run_chunks(_run_task, tasks, workers=workers, executor=executor, on_result=done)
    files.sort(key=lambda f: f.letter_index)
    return AssemblyResult(
        letter_files=tuple(files),
        print_file=str(print_path) if print_path is not None else None,
        print_entries=tuple(entries),
        attachment_pages=_attachment_page_count(attachments),
    )


def _run_task(
    kind: str, source: Path, attachments: Sequence[Path], *args: Any
) -> tuple[str, list[Any]]:
    """A pool worker's task, on the sources this worker keeps open."""
    sources = _sources_for(source, attachments)
    if kind == "print":
        return kind, _write_print_file(sources, *args)
    return kind, _write_letters(sources, *args)


def _print_order(letters: Sequence[Letter]) -> list[tuple[int, tuple[int, ...]]]:
    return [(letter.index, letter.pages) for letter in letters]


def _attachment_page_count(attachments: Sequence[Path]) -> int:
    total = 0
    for path in attachments:
        with open_pdf(path) as pdf:
            total += len(pdf.pages)
    return total
