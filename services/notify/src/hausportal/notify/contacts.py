"""Staff naming a contact in a URL: it must be one of their own account's."""

from __future__ import annotations

from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from hausportal.kit.errors import not_found
from hausportal.notify.models import directory


async def ensure_contact(session: AsyncSession, *, account_id: UUID, contact_id: UUID) -> None:
    """A contact of another account, or none, is not found (never say which)."""
    if await directory.contact(session, account_id=account_id, contact_id=contact_id) is None:
        raise not_found("Der Kontakt")
