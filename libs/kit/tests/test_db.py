"""Database port on PostgreSQL and SQLite: one session per request, committed or rolled back."""

from __future__ import annotations

from types import SimpleNamespace

import httpx
import pytest
from fastapi import FastAPI, HTTPException
from sqlalchemy import Column, Integer, String, Table, func, select, text

from hausportal.kit.db import SessionDep, create_engine, create_sessionmaker, service_metadata
from hausportal.kit.testing import TestDatabase


async def _app_with_notes(database: TestDatabase) -> tuple[FastAPI, Table, object]:
    metadata = service_metadata(database.schema)
    notes = Table(
        "notes",
        metadata,
        Column("id", Integer, primary_key=True),
        Column("text", String(100), nullable=False),
    )
    engine = create_engine(database.url, schema=database.schema)
    async with engine.begin() as connection:
        if database.backend == "postgresql":
            await connection.execute(text(f'CREATE SCHEMA "{database.schema}"'))
        await connection.run_sync(metadata.create_all)
    app = FastAPI()
    app.state.runtime = SimpleNamespace(sessionmaker=create_sessionmaker(engine))

    @app.post("/notes")
    async def add(note: str, session: SessionDep, fail: bool = False) -> dict[str, str]:
        await session.execute(notes.insert().values(text=note))
        if fail:
            raise HTTPException(status_code=409, detail="Notiz kollidiert")
        return {"stored": note}

    return app, notes, engine


async def _count(engine, notes: Table) -> int:  # type: ignore[no-untyped-def]
    async with engine.connect() as connection:
        return (await connection.execute(select(func.count()).select_from(notes))).scalar_one()


async def test_a_successful_request_is_committed(
    database: TestDatabase,
) -> None:
    app, notes, engine = await _app_with_notes(database)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
        response = await client.post("/notes", params={"note": "Heizung prüfen"})
        assert response.status_code == 200
        # Read on another connection: the row is there.
        assert await _count(engine, notes) == 1
    await engine.dispose()


async def test_a_failed_request_leaves_nothing_behind(database: TestDatabase) -> None:
    app, notes, engine = await _app_with_notes(database)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
        response = await client.post("/notes", params={"note": "kollidiert", "fail": True})
        assert response.status_code == 409
    assert await _count(engine, notes) == 0
    await engine.dispose()


async def test_tables_live_in_the_services_own_schema(database: TestDatabase) -> None:
    _, notes, engine = await _app_with_notes(database)
    async with engine.begin() as connection:
        await connection.execute(notes.insert().values(text="im eigenen Schema"))
        qualified = await connection.execute(text(f'SELECT text FROM "{database.schema}".notes'))
        assert qualified.scalars().all() == ["im eigenen Schema"]
    await engine.dispose()


async def test_concurrent_writers_queue_instead_of_failing(database: TestDatabase) -> None:
    import asyncio

    _, notes, engine = await _app_with_notes(database)
    sessionmaker = create_sessionmaker(engine)

    async def write(i: int) -> None:
        async with sessionmaker() as session, session.begin():
            await session.execute(notes.insert().values(text=f"note {i}"))
            await asyncio.sleep(0.01)

    await asyncio.gather(*(write(i) for i in range(20)))
    assert await _count(engine, notes) == 20
    await engine.dispose()


def test_sqlite_refuses_an_in_memory_database() -> None:
    with pytest.raises(ValueError, match="file path"):
        create_engine("sqlite+aiosqlite://", schema="documents")
