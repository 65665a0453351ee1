"""Queries of ticket types."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from hausportal.kit.db import upsert_insert
from hausportal.tasks.models import TicketType


async def of_account(session: AsyncSession, *, account_id: uuid.UUID) -> list[TicketType]:
    rows = await session.scalars(select(TicketType).where(TicketType.account_id == account_id))
    return sorted(rows, key=lambda t: (t.name.casefold(), t.name))


async def get(
    session: AsyncSession, *, account_id: uuid.UUID, ticket_type_id: uuid.UUID
) -> TicketType | None:
    return await session.scalar(
        select(TicketType).where(
            TicketType.id == ticket_type_id, TicketType.account_id == account_id
        )
    )


async def add_missing(
    session: AsyncSession,
    *,
    account_id: uuid.UUID,
    types: Iterable[dict[str, Any]],
    now: datetime,
) -> None:
    """Insert the types (name, description, fields) whose names the account does not have yet;
    a concurrent insert of the same name is fine."""
    rows = [
        {"id": uuid.uuid4(), "account_id": account_id, "active": True, "created_at": now, **t}
        for t in types
    ]
    if rows:
        table = TicketType.__table__
        await session.execute(upsert_insert(session)(table).values(rows).on_conflict_do_nothing())
