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
- ``to_pdfa(source, target, ...)``: the PDF/A-2b version of a serial letter (download link).
- ``build_envelopes``, ``plan_print``, ``write_print_file``: postal dispatch (one envelope per
  contact, print options, sheets, the print file and its manifest); ``check_letters``: the
  print check that keeps the letters a print service cannot take out of an order.
"""

from hausportal.smartpost.engine.assembly import assemble
from hausportal.smartpost.engine.assignment import assign
from hausportal.smartpost.engine.dispatch import (
    ColourMode,
    DispatchLetter,
    Envelope,
    EnvelopeLayout,
    ManifestEntry,
    OrderTotals,
    PrintOptions,
    PrintOptionsInvalid,
    PrintPage,
    PrintPlan,
    Sides,
    attachment_page_count,
    build_envelopes,
    lay_out,
    natural_key,
    plan_print,
    write_print_file,
)
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
from hausportal.smartpost.engine.pdfa import PdfaNotPossible, PdfaResult, to_pdfa
from hausportal.smartpost.engine.pipeline import split_and_assemble, split_letters
from hausportal.smartpost.engine.pool import default_workers, worker_pool
from hausportal.smartpost.engine.printcheck import (
    CheckCode,
    CheckFailure,
    FailedLetter,
    PrintCheck,
    ProviderLimits,
    check_letters,
)
from hausportal.smartpost.engine.validate import PdfInfo, inspect_pdf

__all__ = [
    "AssemblyResult",
    "CandidateContact",
    "CandidateContract",
    "CheckCode",
    "CheckFailure",
    "ColourMode",
    "DispatchLetter",
    "EngineError",
    "Envelope",
    "EnvelopeLayout",
    "FailedLetter",
    "InvalidPdf",
    "InvalidPdfReason",
    "Letter",
    "LetterFile",
    "ManifestEntry",
    "MatchMethod",
    "MissingContact",
    "OrderTotals",
    "PageText",
    "PdfInfo",
    "PdfaNotPossible",
    "PdfaResult",
    "PrintCheck",
    "PrintFileEntry",
    "PrintOptions",
    "PrintOptionsInvalid",
    "PrintPage",
    "PrintPlan",
    "Problem",
    "ProblemKind",
    "Progress",
    "ProgressCallback",
    "ProviderLimits",
    "RecipientCircle",
    "Sides",
    "SplitMode",
    "SplitOptions",
    "SplitOptionsInvalid",
    "SplitResult",
    "UnitOption",
    "assemble",
    "assign",
    "attachment_page_count",
    "build_envelopes",
    "check_letters",
    "default_workers",
    "extract_page_texts",
    "full_texts",
    "inspect_pdf",
    "iter_page_texts",
    "lay_out",
    "natural_key",
    "plan_print",
    "split_and_assemble",
    "split_letters",
    "to_pdfa",
    "worker_pool",
    "write_print_file",
]
