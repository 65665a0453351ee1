"""API shapes of the import report."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel

RowStatus = Literal["created", "updated", "unchanged", "rejected"]


class RowReport(BaseModel):
    # Row number as in the file (the header is row 1).
    row: int
    status: RowStatus
    # Why a row was rejected, in words a manager understands; empty otherwise.
    reasons: list[str] = []


class ImportReport(BaseModel):
    created: int
    updated: int
    unchanged: int
    rejected: int
    rows: list[RowReport]
    # Headers of the file that are no import column; their cells were not read.
    ignored_columns: list[str] = []
