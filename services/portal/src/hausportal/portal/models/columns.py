"""Column types and helpers shared by the portal's models."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from sqlalchemy import ForeignKey, Uuid
from sqlalchemy.orm import Mapped, mapped_column


def utcnow() -> datetime:
    return datetime.now(UTC)


def account_key() -> Mapped[uuid.UUID]:
    """Every row belongs to one account; every query filters by it."""
    return mapped_column(Uuid, ForeignKey("portal.account.id"), index=True)


def search_key(*parts: str | None) -> str:
    """Case-insensitive text to search in, the same on SQLite and PostgreSQL."""
    return " ".join(part.casefold() for part in parts if part)
