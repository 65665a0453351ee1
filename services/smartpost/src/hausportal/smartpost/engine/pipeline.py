"""The engine end to end: check the files, read the pages, assign letters, write the PDFs."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from concurrent.futures import Executor
from contextlib import contextmanager, nullcontext
from pathlib import Path

from hausportal.smartpost.engine.assemble import assemble
from hausportal.smartpost.engine.assign import assign
from hausportal.smartpost.engine.errors import InvalidPdf
from hausportal.smartpost.engine.extract import (
    PARALLEL_MIN_PAGES,
    extract_page_texts,
    letter_head_texts,
)
from hausportal.smartpost.engine.model import (
    AssemblyResult,
    CandidateContact,
    ProgressCallback,
    SplitMode,
    SplitOptions,
    SplitResult,
)
from hausportal.smartpost.engine.pool import default_workers, worker_pool
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

    Raises ``InvalidPdf`` for an encrypted, damaged or non-PDF file and
    ``SplitOptionsInvalid`` for contradictory options.
    """
    names = {source: display_name} if display_name else None
    info = info or inspect_pdf(source, display_name)
    with _named(source, names):
        texts = extract_page_texts(
            source,
            page_count=info.page_count,
            full_text=options.mode is SplitMode.separator,
            workers=workers,
            executor=executor,
            progress=progress,
        )
        return assign(
            texts,
            contacts=contacts,
            options=options,
            first_page_text=lambda pages: letter_head_texts(
                source, pages, workers=workers, executor=executor
            ),
        )


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
