"""Small text helpers: clean user input, make slugs."""

from __future__ import annotations

import re
import unicodedata

_GERMAN = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})


def clean(value: str | None) -> str | None:
    """Trimmed text, or None for nothing but whitespace."""
    if value is None:
        return None
    value = value.strip()
    return value or None


def slugify(name: str) -> str:
    """ "Hausverwaltung Müller GmbH" -> "hausverwaltung-mueller-gmbh"."""
    text = unicodedata.normalize("NFKD", name.casefold().translate(_GERMAN))
    text = text.encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")[:80] or "konto"
