"""Queries of the document_preference table."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from uuid import UUID

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from hausportal.kit.db import upsert_insert
from hausportal.notify.models import DEFAULT_DOCUMENT_MODE, DocumentMode, DocumentPreference


async def modes(
    session: AsyncSession, *, account_id: UUID, contact_ids: Iterable[UUID]
) -> dict[UUID, DocumentMode]:
    """Each contact's mode; a contact that never chose has the default (digest)."""
    ids = list(set(contact_ids))
    if not ids:
        return {}
    rows = await session.execute(
        select(DocumentPreference.contact_id, DocumentPreference.mode).where(
            DocumentPreference.account_id == account_id, DocumentPreference.contact_id.in_(ids)
        )
    )
    chosen = {row.contact_id: DocumentMode(row.mode) for row in rows}
    return {contact_id: chosen.get(contact_id, DEFAULT_DOCUMENT_MODE) for contact_id in ids}


async def get(
    session: AsyncSession, *, account_id: UUID, contact_id: UUID
) -> DocumentPreference | None:
    return await session.scalar(
        select(DocumentPreference).where(
            DocumentPreference.account_id == account_id,
            DocumentPreference.contact_id == contact_id,
        )
    )


async def put(
    session: AsyncSession,
    *,
    account_id: UUID,
    contact_id: UUID,
    mode: DocumentMode,
    at: datetime,
    by_staff_id: UUID | None,
) -> None:
    row = {
        "contact_id": contact_id,
        "account_id": account_id,
        "mode": mode.value,
        "updated_at": at,
        "updated_by_staff_id": by_staff_id,
    }
    statement = upsert_insert(session)(DocumentPreference).values(row)
    await session.execute(
        statement.on_conflict_do_update(
            index_elements=["contact_id"],
            set_={name: statement.excluded[name] for name in row if name != "contact_id"},
            # A contact id never moves between accounts.
            where=DocumentPreference.account_id == account_id,
        )
    )
