"""Reading and setting a contact's document preference: by the contact, or by its staff."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from hausportal.notify.models import DEFAULT_DOCUMENT_MODE, DocumentMode
from hausportal.notify.preferences import repository
from hausportal.notify.preferences.schemas import PreferencesOut


async def preferences_of(
    session: AsyncSession, *, account_id: UUID, contact_id: UUID
) -> PreferencesOut:
    row = await repository.get(session, account_id=account_id, contact_id=contact_id)
    return PreferencesOut(
        contact_id=contact_id,
        documents=DocumentMode(row.mode) if row else DEFAULT_DOCUMENT_MODE,
        updated_at=row.updated_at if row else None,
    )


async def set_preferences(
    session: AsyncSession,
    *,
    account_id: UUID,
    contact_id: UUID,
    documents: DocumentMode,
    now: datetime,
    by_staff_id: UUID | None = None,
) -> PreferencesOut:
    await repository.put(
        session,
        account_id=account_id,
        contact_id=contact_id,
        mode=documents,
        at=now,
        by_staff_id=by_staff_id,
    )
    await session.flush()
    return await preferences_of(session, account_id=account_id, contact_id=contact_id)
