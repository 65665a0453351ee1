"""Errors of the split-and-assign engine, worded for the manager who uploaded the file."""

from __future__ import annotations

from enum import StrEnum


class EngineError(Exception):
    """Base class: something the engine cannot do with the input it was given."""


class InvalidPdfReason(StrEnum):
    encrypted = "encrypted"
    damaged = "damaged"
    not_pdf = "not_pdf"
    no_pages = "no_pages"


_MESSAGES = {
    InvalidPdfReason.encrypted: "Die Datei „{name}“ ist verschlüsselt. Bitte laden Sie sie ohne "
    "Kennwortschutz hoch.",
    InvalidPdfReason.damaged: "Die Datei „{name}“ ist beschädigt. Bitte erzeugen Sie sie neu "
    "und laden Sie sie noch einmal hoch.",
    InvalidPdfReason.not_pdf: "Die Datei „{name}“ ist keine PDF-Datei.",
    InvalidPdfReason.no_pages: "Die Datei „{name}“ enthält keine Seiten.",
}


class InvalidPdf(EngineError):
    """An uploaded file the engine cannot read; ``message`` names the file and the problem."""

    def __init__(self, file_name: str, reason: InvalidPdfReason, detail: str = "") -> None:
        self.file_name = file_name
        self.reason = reason
        # For logs, not for the manager: what the PDF library said.
        self.detail = detail
        self.message = _MESSAGES[reason].format(name=file_name)
        super().__init__(self.message)

    def __reduce__(self) -> tuple[type[InvalidPdf], tuple[str, InvalidPdfReason, str]]:
        # Raised in pool workers too: pickle with the constructor's arguments.
        return (InvalidPdf, (self.file_name, self.reason, self.detail))

    def renamed(self, file_name: str) -> InvalidPdf:
        """The same error for the name the manager knows (workers only see the path)."""
        return InvalidPdf(file_name, self.reason, self.detail)


class SplitOptionsInvalid(EngineError):
    """The options contradict each other (e.g. fixed pages without a page count)."""
