"""The engine end to end: check the files, read the pages, assign letters, write the PDFs."""

from __future__ import annotations

import pickle
import uuid
from collections.abc import Iterator, Mapping, Sequence
from concurrent.futures import Executor
from contextlib import contextmanager, nullcontext
from pathlib import Path

from hausportal.smartpost.engine.assembly import assemble
from hausportal.smartpost.engine.assignment import assign_matched, check_options
from hausportal.smartpost.engine.errors import InvalidPdf
from hausportal.smartpost.engine.extract import (
    PARALLEL_MIN_PAGES,
    PageReader,
    letter_head_texts,
    reader_for,
)
from hausportal.smartpost.engine.geometry import LETTER_HEAD_REGION
from hausportal.smartpost.engine.matching import Matcher, WindowMatch, mentioned_units
from hausportal.smartpost.engine.model import (
    AssemblyResult,
    CandidateContact,
    PageText,
    Progress,
    ProgressCallback,
    SplitMode,
    SplitOptions,
    SplitResult,
)
from hausportal.smartpost.engine.pool import chunked, default_workers, run_chunks, worker_pool
from hausportal.smartpost.engine.validate import PdfInfo, inspect_pdf


@contextmanager
def _named(path: Path, names: Mapping[Path, str] | None) -> Iterator[None]:
    """Re-raise a worker's ``InvalidPdf`` under the file name the manager uploaded."""
    try:
        yield
    except InvalidPdf as error:
        name = (names or {}).get(path, path.name)
        if error.file_name == name:
            raise
        raise error.renamed(name) from error


def split_letters(
    source: Path,
    *,
    contacts: Sequence[CandidateContact],
    options: SplitOptions,
    display_name: str | None = None,
    workers: int | None = None,
    executor: Executor | None = None,
    progress: ProgressCallback | None = None,
    info: PdfInfo | None = None,
) -> SplitResult:
    """Split ``source`` into letters and assign them (no files written).

    Pages are read and matched in one go, in pool workers for a large file: each worker reads
    a run of pages, matches their address windows and, for a first page whose contact has
    several units, reads the letter head too while it is at it.

    Raises ``InvalidPdf`` for an encrypted, damaged or non-PDF file and
    ``SplitOptionsInvalid`` for contradictory options.
    """
    check_options(options)
    names = {source: display_name} if display_name else None
    info = info or inspect_pdf(source, display_name)
    workers = workers or default_workers()
    full = options.mode is SplitMode.separator
    matcher = Matcher(contacts, options)
    total = info.page_count
    read: list[_Read] = []

    def done(result: list[_Read]) -> None:
        read.extend(result)
        if progress is not None:
            progress(Progress("extract", len(read), total))

    with _named(source, names):
        if executor is None and (workers == 1 or total < PARALLEL_MIN_PAGES):
            reader = PageReader(source)
            try:
                for start in range(0, total, 50):
                    done(_read_and_match(reader, matcher, start, min(start + 50, total), full))
            finally:
                reader.close()
        else:
            # The matcher goes to the workers pickled once, not once per chunk.
            blob = pickle.dumps(matcher)
            key = uuid.uuid4().hex
            chunks = [
                (source, start, stop, full, key, blob)
                for start, stop in chunked(total, workers, min_size=50)
            ]
            run_chunks(
                _read_and_match_in_worker,
                chunks,
                workers=workers,
                executor=executor,
                on_result=done,
            )
        read.sort(key=lambda r: r[0].index)
        return assign_matched(
            [r[0] for r in read],
            [r[1] for r in read],
            matcher=matcher,
            # Rare: a letter starting on a page without an address (no unit search done yet).
            first_page_text=lambda pages: letter_head_texts(source, pages, workers=1),
            named_units={r[0].index: r[2] for r in read if r[2] is not None},
        )


# A page's text, its window match and (for a first page of a contact with several units) the
# units its letter head names.
_Read = tuple[PageText, WindowMatch, tuple[uuid.UUID, ...] | None]


def _read_and_match(
    reader: PageReader, matcher: Matcher, start: int, stop: int, full: bool
) -> list[_Read]:
    out: list[_Read] = []
    for index in range(start, stop):
        text = reader.page_text(index, full=full)
        match = matcher.match(index, text.window)
        named = None
        units = matcher.units(match.contact_id) if match.contact_id is not None else ()
        if len(units) > 1 and (full or match.addressed):
            head = text.full if full else reader.text_in(index, LETTER_HEAD_REGION)
            named = tuple(u.unit_id for u in mentioned_units(head or "", units))
        out.append((text, match, named))
    return out


_matcher: tuple[str, Matcher] | None = None


def _read_and_match_in_worker(
    source: Path, start: int, stop: int, full: bool, key: str, blob: bytes
) -> list[_Read]:
    global _matcher
    if _matcher is None or _matcher[0] != key:
        _matcher = (key, pickle.loads(blob))  # noqa: S301 (pickled by our own process)
    return _read_and_match(reader_for(source), _matcher[1], start, stop, full)


def split_and_assemble(
    source: Path,
    *,
    contacts: Sequence[CandidateContact],
    options: SplitOptions,
    attachments: Sequence[Path] = (),
    out_dir: Path,
    print_file: bool = True,
    display_names: Mapping[Path, str] | None = None,
    workers: int | None = None,
    progress: ProgressCallback | None = None,
) -> tuple[SplitResult, AssemblyResult]:
    """Split and assign, then write one PDF per letter (its pages plus the attachments, in
    order) and the combined print file; a large file shares one process pool for both."""
    names = display_names or {}
    info = inspect_pdf(source, names.get(source))
    for attachment in attachments:
        inspect_pdf(attachment, names.get(attachment))
    workers = workers or default_workers()
    parallel = workers > 1 and info.page_count >= PARALLEL_MIN_PAGES
    with worker_pool(workers) if parallel else nullcontext() as pool:
        result = split_letters(
            source,
            contacts=contacts,
            options=options,
            display_name=names.get(source),
            workers=workers,
            executor=pool,
            progress=progress,
            info=info,
        )
        with _named(source, names):
            assembly = assemble(
                source,
                result.letters,
                attachments=attachments,
                out_dir=out_dir,
                print_file=print_file,
                workers=workers,
                executor=pool,
                progress=progress,
            )
    return result, assembly
