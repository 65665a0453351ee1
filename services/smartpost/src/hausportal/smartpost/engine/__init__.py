"""The split-and-assign engine of SmartPost: a serial-letter PDF in, one letter per contact out.

A pure library (files in, dataclasses and files out; no database, no bus), for the smartpost
service's background jobs:

- ``inspect_pdf(path, name)``: check an upload (``InvalidPdf`` with a German message).
- ``split_letters(path, contacts=..., options=...)``: read the address windows, cut the pages
  into letters and assign contact and unit, with reasons, confidences and problems
  (``SplitResult``; nothing ambiguous is assigned silently).
- ``assemble(path, letters, attachments=..., out_dir=...)``: one PDF per letter plus the
  attachments, and the combined print file.
- ``split_and_assemble(...)``: both, sharing one process pool for large files.
"""

from hausportal.smartpost.engine.assembly import assemble
from hausportal.smartpost.engine.assignment import assign
from hausportal.smartpost.engine.errors import (
    EngineError,
    InvalidPdf,
    InvalidPdfReason,
    SplitOptionsInvalid,
)
from hausportal.smartpost.engine.extract import extract_page_texts, full_texts, iter_page_texts
from hausportal.smartpost.engine.model import (
    AssemblyResult,
    CandidateContact,
    CandidateContract,
    Letter,
    LetterFile,
    MatchMethod,
    MissingContact,
    PageText,
    PrintFileEntry,
    Problem,
    ProblemKind,
    Progress,
    ProgressCallback,
    RecipientCircle,
    SplitMode,
    SplitOptions,
    SplitResult,
    UnitOption,
)
from hausportal.smartpost.engine.pipeline import split_and_assemble, split_letters
from hausportal.smartpost.engine.pool import default_workers, worker_pool
from hausportal.smartpost.engine.validate import PdfInfo, inspect_pdf

__all__ = [
    "AssemblyResult",
    "CandidateContact",
    "CandidateContract",
    "EngineError",
    "InvalidPdf",
    "InvalidPdfReason",
    "Letter",
    "LetterFile",
    "MatchMethod",
    "MissingContact",
    "PageText",
    "PdfInfo",
    "PrintFileEntry",
    "Problem",
    "ProblemKind",
    "Progress",
    "ProgressCallback",
    "RecipientCircle",
    "SplitMode",
    "SplitOptions",
    "SplitOptionsInvalid",
    "SplitResult",
    "UnitOption",
    "assemble",
    "assign",
    "default_workers",
    "extract_page_texts",
    "full_texts",
    "inspect_pdf",
    "iter_page_texts",
    "split_and_assemble",
    "split_letters",
    "worker_pool",
]
