"""How an account's e-mails look: its name, logo and primary colour, from the portal's settings."""

from __future__ import annotations

import re
from dataclasses import dataclass

# The portal's own blue, for an account that chose no colour (or whose snapshot is missing).
DEFAULT_COLOR = "#1f5f8b"
# Used when the account's snapshot has not arrived (yet).
UNKNOWN_ACCOUNT = "Ihre Hausverwaltung"

_COLOR = re.compile(r"#[0-9a-fA-F]{6}")


@dataclass(frozen=True, slots=True, kw_only=True)
class Brand:
    name: str = UNKNOWN_ACCOUNT
    logo_url: str | None = None
    color: str = DEFAULT_COLOR

    @classmethod
    def of(cls, *, name: str | None, logo_url: str | None, color: str | None) -> Brand:
        """From stored settings; what could break the HTML (a colour that is no #rrggbb, a
        logo that is no http(s) address) is left out rather than inserted."""
        return cls(
            name=name or UNKNOWN_ACCOUNT,
            logo_url=logo_url
            if logo_url and logo_url.startswith(("https://", "http://"))
            else None,
            color=color.lower() if color and _COLOR.fullmatch(color) else DEFAULT_COLOR,
        )
