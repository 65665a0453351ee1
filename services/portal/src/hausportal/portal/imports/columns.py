"""The import's columns: their names, the German and English headers accepted for each."""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Column:
    key: str
    label: str  # how the report names it to a manager
    aliases: tuple[str, ...]
    required: bool = False


COLUMNS: tuple[Column, ...] = (
    Column(
        "property_name",
        "Objekt",
        ("objekt", "objektname", "liegenschaft", "liegenschaftsname", "immobilie", "property"),
        required=True,
    ),
    Column(
        "property_street",
        "Objekt-Straße",
        ("objektstrasse", "liegenschaftsstrasse", "objektadresse", "strasseobjekt"),
    ),
    Column("property_zip", "Objekt-PLZ", ("objektplz", "liegenschaftsplz", "propertyzipcode")),
    Column("property_city", "Objekt-Ort", ("objektort", "liegenschaftsort", "objektstadt")),
    Column(
        "unit_name",
        "Einheit",
        ("einheit", "einheitsname", "wohneinheit", "wohnung", "we", "unit"),
        required=True,
    ),
    Column(
        "contact_number",
        "Kontaktnummer",
        ("kontaktnummer", "kundennummer", "personennummer", "debitorennummer", "nummer", "nr"),
    ),
    Column("contact_name", "Name", ("name", "kontakt", "kontaktname", "contact"), required=True),
    Column("contact_email", "E-Mail", ("email", "emailadresse", "mail", "kontaktemail")),
    Column(
        "contact_street",
        "Straße",
        ("strasse", "kontaktstrasse", "anschrift", "adresse", "strasseundhausnummer", "street"),
    ),
    Column("contact_zip", "PLZ", ("plz", "postleitzahl", "kontaktplz", "zip", "contactzipcode")),
    Column("contact_city", "Ort", ("ort", "stadt", "wohnort", "kontaktort", "city")),
    Column("contact_country", "Land", ("land", "country", "kontaktland")),
    Column("preference", "Versandart", ("versandart", "versand", "zustellung", "praeferenz")),
    Column("role", "Rolle", ("rolle", "vertragsart", "vertragsrolle", "art"), required=True),
    Column(
        "start", "Beginn", ("beginn", "vertragsbeginn", "startdatum", "von", "ab"), required=True
    ),
    Column("end", "Ende", ("ende", "vertragsende", "enddatum", "bis")),
)

BY_KEY = {column.key: column for column in COLUMNS}

_GERMAN = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})


def normalize_header(header: str) -> str:
    """ "E-Mail" -> "email", "Objekt Straße" -> "objektstrasse", "property_zip" -> "propertyzip"."""
    return re.sub(r"[^a-z0-9]", "", header.casefold().translate(_GERMAN))


_BY_HEADER: dict[str, str] = {}
for _column in COLUMNS:
    for _name in (_column.key, *_column.aliases):
        _BY_HEADER[normalize_header(_name)] = _column.key


def column_of(header: str) -> str | None:
    return _BY_HEADER.get(normalize_header(header))
