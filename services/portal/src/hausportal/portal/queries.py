"""Query helpers every repository uses: search words and paging."""

from __future__ import annotations

from typing import Any, TypeVar

from sqlalchemy import ColumnElement, Select, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from hausportal.kit.paging import PageParams

T = TypeVar("T")

# A large IN (...) list is split so that no backend hits its parameter limit.
CHUNK = 500


def matching(search_text: ColumnElement[str], q: str | None) -> list[ColumnElement[bool]]:
    """Every word of ``q`` must occur in the row's search text (case-insensitive)."""
    if not q:
        return []
    return [search_text.contains(word, autoescape=True) for word in q.casefold().split()]


async def paged(
    session: AsyncSession, statement: Select[tuple[T]], *, page: PageParams
) -> tuple[list[T], int]:
    """One page of ``statement``'s rows and how many rows there are on all pages."""
    total = await session.scalar(
        select(func.count()).select_from(statement.order_by(None).subquery())
    )
    rows = await session.scalars(statement.limit(page.limit).offset(page.offset))
    return list(rows), int(total or 0)


def chunks(values: list[Any]) -> list[list[Any]]:
    return [values[i : i + CHUNK] for i in range(0, len(values), CHUNK)]
