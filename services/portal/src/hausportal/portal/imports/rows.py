"""One row of the import: its cells checked and turned into values, or the reasons it cannot be."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from email_validator import EmailNotValidError, validate_email

from hausportal.kit.errors import Invalid
from hausportal.portal.imports.columns import BY_KEY, COLUMNS, column_of

ROLES = {
    "owner": "owner",
    "eigentuemer": "owner",
    "eigentuemerin": "owner",
    "eigentümer": "owner",
    "eigentümerin": "owner",
    "et": "owner",
    "tenant": "tenant",
    "mieter": "tenant",
    "mieterin": "tenant",
    "mt": "tenant",
}
PREFERENCES = {
    "online": "online",
    "portal": "online",
    "digital": "online",
    "email": "online",
    "e-mail": "online",
    "letter": "letter",
    "brief": "letter",
    "post": "letter",
    "papier": "letter",
}
_GERMAN_DATE = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")


@dataclass(frozen=True)
class ImportRow:
    number: int
    property_name: str
    property_street: str | None
    property_zip: str | None
    property_city: str | None
    unit_name: str
    contact_number: str | None
    contact_name: str
    contact_email: str | None
    contact_street: str | None
    contact_zip: str | None
    contact_city: str | None
    contact_country: str | None
    preference: str | None
    role: str
    start: date
    end: date | None


@dataclass(frozen=True)
class RejectedRow:
    number: int
    reasons: list[str]


class Layout:
    """Which cell of a row holds which column, from the file's header."""

    def __init__(self, header: list[str]) -> None:
        self.index: dict[str, int] = {}
        self.ignored: list[str] = []
        for position, name in enumerate(header):
            key = column_of(name) if name else None
            if key is None or key in self.index:
                if name:
                    self.ignored.append(name)
                continue
            self.index[key] = position
        missing = [c.label for c in COLUMNS if c.required and c.key not in self.index]
        if missing:
            raise Invalid(
                "import_missing_columns",
                "In der Kopfzeile fehlen die Spalten: " + ", ".join(missing) + ".",
                missing=missing,
            )

    def text(self, cells: list[Any], key: str) -> str | None:
        position = self.index.get(key)
        if position is None or position >= len(cells):
            return None
        return _text(cells[position])

    def raw(self, cells: list[Any], key: str) -> Any:
        position = self.index.get(key)
        if position is None or position >= len(cells):
            return None
        return cells[position]


def _text(cell: Any) -> str | None:
    if cell is None:
        return None
    if isinstance(cell, float) and cell.is_integer():
        cell = int(cell)  # numbers from spreadsheets: 1001.0 -> "1001"
    value = str(cell).strip()
    return value or None


def parse_row(layout: Layout, number: int, cells: list[Any]) -> ImportRow | RejectedRow:
    reasons: list[str] = []

    def required(key: str) -> str:
        value = layout.text(cells, key)
        if value is None:
            reasons.append(f"{BY_KEY[key].label} fehlt.")
            return ""
        return value

    property_name = required("property_name")
    unit_name = required("unit_name")
    contact_name = required("contact_name")
    role = _role(layout.text(cells, "role"), reasons)
    start = _date(layout.raw(cells, "start"), "start", reasons, required=True)
    end = _date(layout.raw(cells, "end"), "end", reasons, required=False)
    if start is not None and end is not None and end < start:
        reasons.append("Der Vertrag kann nicht vor seinem Beginn enden.")
    email = _email(layout.text(cells, "contact_email"), reasons)
    preference = _preference(layout.text(cells, "preference"), reasons)
    country = layout.text(cells, "contact_country")
    if country is not None and not re.fullmatch(r"[A-Za-z]{2}", country):
        reasons.append(f"Land „{country}“ ist kein Ländercode wie DE oder AT.")
    if reasons or start is None or role is None:
        return RejectedRow(number=number, reasons=reasons)
    return ImportRow(
        number=number,
        property_name=property_name,
        property_street=layout.text(cells, "property_street"),
        property_zip=_zip(layout.raw(cells, "property_zip")),
        property_city=layout.text(cells, "property_city"),
        unit_name=unit_name,
        contact_number=layout.text(cells, "contact_number"),
        contact_name=contact_name,
        contact_email=email,
        contact_street=layout.text(cells, "contact_street"),
        contact_zip=_zip(layout.raw(cells, "contact_zip")),
        contact_city=layout.text(cells, "contact_city"),
        contact_country=country.upper() if country else None,
        preference=preference,
        role=role,
        start=start,
        end=end,
    )


def _role(value: str | None, reasons: list[str]) -> str | None:
    if value is None:
        reasons.append("Rolle fehlt (Eigentümer oder Mieter).")
        return None
    role = ROLES.get(value.casefold())
    if role is None:
        reasons.append(f"Rolle „{value}“ ist unbekannt: erlaubt sind Eigentümer und Mieter.")
    return role


def _preference(value: str | None, reasons: list[str]) -> str | None:
    if value is None:
        return None
    preference = PREFERENCES.get(value.casefold())
    if preference is None:
        reasons.append(f"Versandart „{value}“ ist unbekannt: erlaubt sind online und Brief.")
    return preference


def _email(value: str | None, reasons: list[str]) -> str | None:
    if value is None:
        return None
    try:
        return validate_email(value, check_deliverability=False).normalized
    except EmailNotValidError:
        reasons.append(f"E-Mail-Adresse „{value}“ ist ungültig.")
        return None


def _date(value: Any, key: str, reasons: list[str], *, required: bool) -> date | None:
    label = BY_KEY[key].label
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = _text(value)
    if text is None:
        if required:
            reasons.append(f"{label} fehlt.")
        return None
    parsed = _parse_date(text)
    if parsed is None:
        reasons.append(f"{label} „{text}“ ist kein gültiges Datum (TT.MM.JJJJ oder JJJJ-MM-TT).")
    return parsed


def _parse_date(text: str) -> date | None:
    try:
        german = _GERMAN_DATE.match(text)
        if german:
            day, month, year = (int(part) for part in german.groups())
            return date(year, month, day)
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            return date.fromisoformat(text)
    except ValueError:
        return None
    return None


def _zip(value: Any) -> str | None:
    # A spreadsheet turns "01067" into the number 1067; German ZIP codes have five digits.
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(int(value)).zfill(5)
    return _text(value)
