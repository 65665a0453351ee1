"""Database plumbing: one metadata per service schema, async engines, one session per request."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, Request
from sqlalchemy import DateTime, MetaData, Uuid, event, make_url
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Dialect
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.pool import AsyncAdaptedQueuePool
from sqlalchemy.types import TypeDecorator

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UtcDateTime(TypeDecorator[datetime]):
    """A timestamp that always comes back timezone-aware in UTC, on both backends.

    SQLite keeps no offset, so without this a value read there would be naive and could not be
    compared with the clock's aware ``now()``. Naive values are refused on the way in.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("timestamps must be timezone-aware")
        return value.astimezone(UTC)

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def uuid_primary_key() -> Mapped[uuid.UUID]:
    """A random UUID id, made by the application (events can name a row before it is flushed)."""
    return mapped_column(Uuid, primary_key=True, default=uuid.uuid4)


def service_metadata(schema: str) -> MetaData:
    """Metadata of one service's tables, all in the PostgreSQL schema the service owns."""
    return MetaData(schema=schema, naming_convention=NAMING_CONVENTION)


def declarative_base(schema: str) -> type[DeclarativeBase]:
    """The declarative base a service's models inherit from."""

    class Base(DeclarativeBase):
        metadata = service_metadata(schema)

    return Base


def create_engine(url: str, *, schema: str, echo: bool = False) -> AsyncEngine:
    """An async engine for PostgreSQL (asyncpg) or SQLite (aiosqlite).

    On SQLite the service's file is attached under the schema's name, so ``documents.outbox``
    means the same on both and one set of models and migrations serves both backends.
    """
    if not url.startswith("sqlite"):
        return create_async_engine(url, echo=echo, pool_pre_ping=True)
    path = make_url(url).database
    if not path or path == ":memory:":
        raise ValueError("SQLite needs a file path (sqlite+aiosqlite:///path/to/service.db)")
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    # The main database is a private in-memory one; all tables live in the attached file.
    engine = create_async_engine("sqlite+aiosqlite://", echo=echo, poolclass=AsyncAdaptedQueuePool)
    event.listen(engine.sync_engine, "connect", _sqlite_attach(Path(path).resolve(), schema))
    event.listen(engine.sync_engine, "begin", _sqlite_begin_immediate)
    return engine


def _sqlite_attach(path: Path, schema: str):  # type: ignore[no-untyped-def]
    def on_connect(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
        # The driver's own transaction handling is turned off so that BEGIN is ours.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("ATTACH DATABASE ? AS " + _quote(schema), (str(path),))
        cursor.execute(f"PRAGMA {_quote(schema)}.journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.close()

    return on_connect


def _quote(identifier: str) -> str:
    if not identifier.isidentifier():
        raise ValueError(f"not a valid schema name: {identifier!r}")
    return identifier


def _sqlite_begin_immediate(connection) -> None:  # type: ignore[no-untyped-def]
    # Take the write lock at BEGIN: two writers then queue instead of failing mid-transaction.
    connection.exec_driver_sql("BEGIN IMMEDIATE")


def create_sessionmaker(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, expire_on_commit=False, autoflush=False)


async def get_session(request: Request) -> AsyncIterator[AsyncSession]:
    """The request's session: committed when the endpoint returns, rolled back when it raises.

    Services flush, never commit. With ``scope="function"`` the commit happens before the
    response is sent, so a client never sees success for a change that was not stored.
    """
    sessionmaker: async_sessionmaker[AsyncSession] = request.app.state.runtime.sessionmaker
    async with sessionmaker() as session:
        try:
            yield session
        except BaseException:
            await session.rollback()
            raise
        else:
            await session.commit()


SessionDep = Annotated[AsyncSession, Depends(get_session, scope="function")]


def upsert_insert(session: AsyncSession) -> Callable[..., Any]:
    """The INSERT of the session's database that knows ON CONFLICT (PostgreSQL or SQLite)."""
    return postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
