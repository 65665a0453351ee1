"""Page text with pypdfium2: the address window of every page, the whole page when asked.

Pages are loaded one at a time and closed again, so memory stays flat however long the file.
Building pdfium's text page is the expensive step and grows with the characters on the page;
for the window alone, text objects lying wholly outside the window are first removed from the
loaded page (never saved), so only the window's few lines are analysed.
"""

from __future__ import annotations

import ctypes
import math
import threading
from collections.abc import Iterator, Sequence
from concurrent.futures import Executor
from pathlib import Path

import pypdfium2
import pypdfium2.raw as pdfium_c

from hausportal.smartpost.engine.errors import InvalidPdf, InvalidPdfReason
from hausportal.smartpost.engine.geometry import ADDRESS_REGION, LETTER_HEAD_REGION, Box, mm
from hausportal.smartpost.engine.model import PageText, Progress, ProgressCallback
from hausportal.smartpost.engine.pool import chunked, default_workers, run_chunks

# Below this many pages a process pool costs more than it saves.
PARALLEL_MIN_PAGES = 400
# A text object this close to the window is kept (glyph boxes and object boxes differ a little).
_MARGIN = 2.0
# pdfium is not thread-safe: no two threads may call into it at the same time, not even on
# different documents (it garbled page texts when tests read four letters at once). The
# service runs the engine in threads (an upload's check next to a running split), so every
# call in this process takes this lock; pool workers are processes of their own.
PDFIUM_LOCK = threading.RLock()


def open_document(path: Path, display_name: str | None = None) -> pypdfium2.PdfDocument:
    try:
        with PDFIUM_LOCK:
            return pypdfium2.PdfDocument(path)
    except pypdfium2.PdfiumError as error:
        reason = (
            InvalidPdfReason.encrypted
            if error.err_code == pdfium_c.FPDF_ERR_PASSWORD
            else InvalidPdfReason.damaged
        )
        raise InvalidPdf(display_name or path.name, reason, str(error)) from error


class PageReader:
    """Reads page texts of one open document (one per process)."""

    def __init__(self, path: Path, region: Box = ADDRESS_REGION) -> None:
        self.path = path
        self.document = open_document(path)
        self.region = region
        self._bbox = pdfium_c.FS_RECTF()
        self._obj_box = (ctypes.c_float(), ctypes.c_float(), ctypes.c_float(), ctypes.c_float())

    def __len__(self) -> int:
        with PDFIUM_LOCK:
            return len(self.document)

    def close(self) -> None:
        with PDFIUM_LOCK:
            self.document.close()

    def page_text(self, index: int, *, full: bool = False) -> PageText:
        """The address window's text, and the whole page's when ``full``."""
        window, full_text = self._texts(index, self.region, whole_page=full)
        return PageText(index=index, window=window, full=full_text)

    def text_in(self, index: int, region: Box) -> str:
        return self._texts(index, region, whole_page=False)[0]

    def _texts(self, index: int, region: Box, *, whole_page: bool) -> tuple[str, str | None]:
        with PDFIUM_LOCK:
            return self._texts_locked(index, region, whole_page=whole_page)

    def _texts_locked(self, index: int, region: Box, *, whole_page: bool) -> tuple[str, str | None]:
        page = pdfium_c.FPDF_LoadPage(self.document.raw, index)
        if not page:
            raise InvalidPdf(self.path.name, InvalidPdfReason.damaged, f"page {index} fails")
        try:
            pdfium_c.FPDF_GetPageBoundingBox(page, self._bbox)
            box = self._bbox
            left = box.left + mm(region.left)
            right = box.left + mm(region.left + region.width)
            top = box.top - mm(region.top)
            bottom = box.top - mm(region.top + region.height)
            if not whole_page:
                self._drop_objects_outside(page, left, bottom, right, top)
            textpage = pdfium_c.FPDFText_LoadPage(page)
            if not textpage:
                return "", "" if whole_page else None
            try:
                text = _bounded(textpage, left, bottom, right, top)
                full_text = None
                if whole_page:
                    full_text = _bounded(textpage, box.left, box.bottom, box.right, box.top)
                return text, full_text
            finally:
                pdfium_c.FPDFText_ClosePage(textpage)
        finally:
            pdfium_c.FPDF_ClosePage(page)

    def _drop_objects_outside(
        self, page: object, left: float, bottom: float, right: float, top: float
    ) -> None:
        # Thousands of pages times dozens of objects: the pdfium calls are bound to locals.
        # Any kind of object outside the window can go (text, forms, paths, images alike).
        get_object, get_bounds = _GET_OBJECT, _GET_BOUNDS
        remove, destroy = _REMOVE, _DESTROY
        o_left, o_bottom, o_right, o_top = self._obj_box
        left, bottom, right, top = left - _MARGIN, bottom - _MARGIN, right + _MARGIN, top + _MARGIN
        for j in range(pdfium_c.FPDFPage_CountObjects(page) - 1, -1, -1):
            obj = get_object(page, j)
            if not get_bounds(obj, o_left, o_bottom, o_right, o_top):
                continue
            if (
                o_right.value < left
                or o_left.value > right
                or o_top.value < bottom
                or o_bottom.value > top
            ) and remove(page, obj):
                destroy(obj)


_GET_OBJECT = pdfium_c.FPDFPage_GetObject
_GET_BOUNDS = pdfium_c.FPDFPageObj_GetBounds
_REMOVE = pdfium_c.FPDFPage_RemoveObject
_DESTROY = pdfium_c.FPDFPageObj_Destroy


def _bounded(textpage: object, left: float, bottom: float, right: float, top: float) -> str:
    count = pdfium_c.FPDFText_GetBoundedText(textpage, left, top, right, bottom, None, 0)
    if count <= 0:
        return ""
    buffer = (ctypes.c_ushort * count)()
    pdfium_c.FPDFText_GetBoundedText(textpage, left, top, right, bottom, buffer, count)
    return bytes(buffer).decode("utf-16-le", errors="ignore").rstrip("\x00")


# One reader per worker process, kept for the pool's lifetime (reopened for another file).
_reader: PageReader | None = None


def reader_for(path: Path) -> PageReader:
    """This process's reader of ``path`` (pool workers keep one open between chunks)."""
    global _reader
    if _reader is None or _reader.path != path:
        if _reader is not None:
            _reader.close()
        _reader = PageReader(path)
    return _reader


def _extract_range(path: Path, start: int, stop: int, full: bool) -> list[PageText]:
    reader = reader_for(path)
    return [reader.page_text(i, full=full) for i in range(start, stop)]


def iter_page_texts(
    path: Path, *, full_text: bool = False, start: int = 0, stop: int | None = None
) -> Iterator[PageText]:
    """Page texts in page order, in this process."""
    reader = PageReader(path)
    try:
        for i in range(start, len(reader) if stop is None else stop):
            yield reader.page_text(i, full=full_text)
    finally:
        reader.close()


def extract_page_texts(
    path: Path,
    *,
    page_count: int,
    full_text: bool = False,
    workers: int | None = None,
    executor: Executor | None = None,
    progress: ProgressCallback | None = None,
) -> list[PageText]:
    """Text of every page, in page order; in a process pool when the file is large."""
    workers = workers or default_workers()
    parallel = executor is not None or (workers > 1 and page_count >= PARALLEL_MIN_PAGES)
    if not parallel:
        texts = []
        for text in iter_page_texts(path, full_text=full_text):
            texts.append(text)
            if progress is not None and (text.index % 50 == 49 or text.index == page_count - 1):
                progress(Progress("extract", text.index + 1, page_count))
        return texts
    chunks = [
        (path, start, stop, full_text) for start, stop in chunked(page_count, workers, min_size=50)
    ]
    texts = []

    def done(result: list[PageText]) -> None:
        texts.extend(result)
        if progress is not None:
            progress(Progress("extract", len(texts), page_count))

    run_chunks(_extract_range, chunks, workers=workers, executor=executor, on_result=done)
    texts.sort(key=lambda t: t.index)
    return texts


def full_texts(path: Path, indices: Sequence[int]) -> dict[int, str]:
    """The whole text of a few pages, in this process."""
    reader = PageReader(path)
    try:
        return {i: reader.page_text(i, full=True).full or "" for i in sorted(set(indices))}
    finally:
        reader.close()


def _head_texts(path: Path, indices: Sequence[int]) -> dict[int, str]:
    reader = reader_for(path)
    return {i: reader.text_in(i, LETTER_HEAD_REGION) for i in indices}


def letter_head_texts(
    path: Path,
    indices: Sequence[int],
    *,
    workers: int | None = None,
    executor: Executor | None = None,
) -> dict[int, str]:
    """The letter-head text (upper half) of first pages that must name their unit."""
    indices = sorted(set(indices))
    workers = workers or default_workers()
    texts: dict[int, str] = {}
    if executor is None and (workers == 1 or len(indices) < PARALLEL_MIN_PAGES // 4):
        reader = PageReader(path)
        try:
            return {i: reader.text_in(i, LETTER_HEAD_REGION) for i in indices}
        finally:
            reader.close()
    size = max(25, math.ceil(len(indices) / (workers * 4)))
    chunks = [(path, indices[s : s + size]) for s in range(0, len(indices), size)]
    run_chunks(_head_texts, chunks, workers=workers, executor=executor, on_result=texts.update)
    return texts
