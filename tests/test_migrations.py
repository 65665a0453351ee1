"""Every service's Alembic history builds exactly its models, on PostgreSQL and on SQLite."""

from __future__ import annotations

import asyncio
import importlib
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import MetaData, inspect
from sqlalchemy.engine import Connection

from hausportal.kit import migrations
from hausportal.kit.db import create_engine

SERVICES = ["portal", "documents", "smartpost", "tasks", "notify"]


def _metadata(service: str) -> MetaData:
    return importlib.import_module(f"hausportal.{service}.models").Base.metadata


def _differences(connection: Connection, metadata: MetaData) -> list[object]:
    context = MigrationContext.configure(
        connection,
        opts={
            "include_schemas": True,
            "include_name": lambda name, type_, _parent: (
                type_ != "schema" or name == metadata.schema
            ),
            "compare_type": True,
            "version_table_schema": metadata.schema,
        },
    )
    return compare_metadata(context, metadata)


def _tables(connection: Connection, schema: str) -> set[str]:
    return set(inspect(connection).get_table_names(schema=schema)) - {"alembic_version"}


async def _inspect(url: str, metadata: MetaData) -> tuple[set[str], list[object]]:
    engine = create_engine(url, schema=metadata.schema or "")
    try:
        async with engine.connect() as connection:
            tables = await connection.run_sync(_tables, metadata.schema)
            differences = await connection.run_sync(_differences, metadata)
    finally:
        await engine.dispose()
    return tables, differences


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite+aiosqlite:///{tmp_path / 'service.db'}"
    return request.getfixturevalue("postgres_database")


@pytest.mark.parametrize("service", SERVICES)
async def test_migrations_build_the_models_and_roll_back(service: str, database_url: str) -> None:
    url = database_url
    metadata = _metadata(service)
    package = f"hausportal.{service}"

    await asyncio.to_thread(migrations.upgrade, package=package, database_url=url)
    tables, differences = await _inspect(url, metadata)
    assert tables == {table.name for table in metadata.sorted_tables}
    assert differences == [], f"models and migrations of {service} differ: {differences}"

    # Down to nothing and up again: a rollback of a release must not be a one-way door.
    await asyncio.to_thread(
        migrations.downgrade, package=package, database_url=url, revision="base"
    )
    assert (await _inspect(url, metadata))[0] == set()
    await asyncio.to_thread(migrations.upgrade, package=package, database_url=url)
    assert (await _inspect(url, metadata))[1] == []
