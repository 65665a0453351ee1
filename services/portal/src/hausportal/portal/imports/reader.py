"""Reading an uploaded CSV or XLSX file into a header and rows of cell values."""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from hausportal.kit.errors import Invalid, UserError

UNSUPPORTED = UserError(
    "import_unsupported_file",
    "Diese Datei kann nicht importiert werden. Bitte laden Sie eine CSV-Datei oder eine "
    "Excel-Datei im Format .xlsx hoch.",
    status_code=415,
)
OLD_EXCEL = UserError(
    "import_unsupported_file",
    "Alte Excel-Dateien (.xls) werden nicht unterstützt. Bitte speichern Sie die Tabelle in "
    "Excel als .xlsx oder als CSV und laden Sie sie erneut hoch.",
    status_code=415,
)
EMPTY = Invalid("import_empty", "Die Datei ist leer: Sie enthält keine Zeilen zum Importieren.")


@dataclass(frozen=True)
class Sheet:
    header: list[str]
    # (row number as the manager sees it in the file, cells)
    rows: list[tuple[int, list[Any]]]


def read_sheet(content: bytes, *, filename: str | None) -> Sheet:
    if not content.strip():
        raise EMPTY
    if content.startswith(b"PK\x03\x04"):
        return _xlsx(content)
    if content.startswith(b"\xd0\xcf\x11\xe0"):
        raise OLD_EXCEL
    if (filename or "").lower().endswith((".xlsx", ".xlsm")) or b"\x00" in content[:4096]:
        raise UNSUPPORTED
    return _csv(_decode(content))


def _decode(content: bytes) -> str:
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Excel on Windows saves CSV in the ANSI code page.
        return content.decode("cp1252", errors="replace")


def _csv(text: str) -> Sheet:
    first_line = text.split("\n", 1)[0]
    delimiter = max((";", ",", "\t"), key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    return _sheet(enumerate(reader, start=1))


def _xlsx(content: bytes) -> Sheet:
    from openpyxl import load_workbook  # only imports with a spreadsheet pay for openpyxl

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        raise Invalid(
            "import_unreadable",
            "Die Excel-Datei kann nicht gelesen werden. Bitte speichern Sie sie erneut als .xlsx.",
        ) from error
    try:
        sheet = workbook.worksheets[0]
        return _sheet(enumerate((list(row) for row in sheet.iter_rows(values_only=True)), start=1))
    finally:
        workbook.close()


def _is_blank(cell: Any) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())


def _sheet(numbered: Iterator[tuple[int, list[Any]]]) -> Sheet:
    header: list[str] | None = None
    rows: list[tuple[int, list[Any]]] = []
    for number, cells in numbered:
        if all(_is_blank(cell) for cell in cells):
            continue
        if header is None:
            header = ["" if cell is None else str(cell).strip() for cell in cells]
            continue
        rows.append((number, cells))
    if header is None or not rows:
        raise EMPTY
    return Sheet(header=header, rows=rows)
