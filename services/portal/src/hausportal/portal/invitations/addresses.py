"""A pasted list of e-mail addresses: split, checked, duplicates found."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from email_validator import EmailNotValidError, validate_email

# Commas, semicolons, whitespace and line breaks, as in lists copied from a spreadsheet or a
# mail program; angle brackets and quotes around an address are dropped.
_SEPARATORS = re.compile(r"[,;\s]+")
_WRAPPING = "<>\"'()[]"


@dataclass
class PastedAddresses:
    valid: list[str] = field(default_factory=list)
    invalid: list[str] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)


def parse_pasted(pasted: list[str]) -> PastedAddresses:
    """Every address once, in the order pasted; what is no address is reported as given."""
    result = PastedAddresses()
    seen: set[str] = set()
    for chunk in pasted:
        for piece in _SEPARATORS.split(chunk):
            piece = piece.strip(_WRAPPING)
            if not piece:
                continue
            try:
                address = validate_email(piece, check_deliverability=False).normalized
            except EmailNotValidError:
                result.invalid.append(piece)
                continue
            key = address.casefold()
            if key in seen:
                if address not in result.duplicates:
                    result.duplicates.append(address)
                continue
            seen.add(key)
            result.valid.append(address)
    return result
