"""Queries of document types."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from hausportal.documents.models import DocumentType
from hausportal.kit.db import upsert_insert


async def of_account(session: AsyncSession, *, account_id: uuid.UUID) -> list[DocumentType]:
    rows = await session.scalars(select(DocumentType).where(DocumentType.account_id == account_id))
    return list(rows)


async def add_missing(
    session: AsyncSession, *, account_id: uuid.UUID, names: Iterable[str], now: datetime
) -> None:
    """Insert the names the account does not have yet; a concurrent insert of the same is fine."""
    rows = [
        {"id": uuid.uuid4(), "account_id": account_id, "name": name, "created_at": now}
        for name in names
    ]
    if rows:
        table = DocumentType.__table__
        await session.execute(upsert_insert(session)(table).values(rows).on_conflict_do_nothing())
