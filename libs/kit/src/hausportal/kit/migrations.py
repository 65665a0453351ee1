"""Alembic for every service the same way: one history per service, in the schema it owns."""

from __future__ import annotations

import asyncio
import os

from alembic import command, context
from alembic.config import Config
from sqlalchemy import MetaData, text
from sqlalchemy.engine import Connection

from hausportal.kit.db import create_engine


def alembic_config(*, package: str, database_url: str) -> Config:
    """Config for ``hausportal.<service>``'s migrations (``<package>/migrations``)."""
    config = Config()
    config.set_main_option("script_location", f"{package}:migrations")
    config.attributes["database_url"] = database_url
    return config


def upgrade(*, package: str, database_url: str, revision: str = "head") -> None:
    """Bring the service's schema to ``revision``. Blocking: call it in a thread from async code."""
    command.upgrade(alembic_config(package=package, database_url=database_url), revision)


def downgrade(*, package: str, database_url: str, revision: str) -> None:
    """Take the service's schema back to ``revision`` ("base": nothing). Blocking, like upgrade."""
    command.downgrade(alembic_config(package=package, database_url=database_url), revision)


def run_migrations(metadata: MetaData, *, env_prefix: str) -> None:
    """Body of every service's ``migrations/env.py``.

    The URL comes from the caller (``upgrade``) or, for the alembic CLI, from the service's
    ``<PREFIX>DATABASE_URL``.
    """
    schema = metadata.schema
    if schema is None:
        raise ValueError("a service's metadata must name its schema")
    url = context.config.attributes.get("database_url") or os.environ.get(
        f"{env_prefix}DATABASE_URL"
    )
    if not url:
        raise RuntimeError(f"set {env_prefix}DATABASE_URL to run migrations")
    if context.is_offline_mode():
        context.configure(
            url=url, target_metadata=metadata, version_table_schema=schema, literal_binds=True
        )
        with context.begin_transaction():
            context.run_migrations()
        return
    asyncio.run(_run_online(url, metadata, schema))


async def _run_online(url: str, metadata: MetaData, schema: str) -> None:
    engine = create_engine(url, schema=schema)
    try:
        async with engine.begin() as connection:
            if connection.dialect.name == "postgresql":
                await connection.execute(text(f'CREATE SCHEMA IF NOT EXISTS "{schema}"'))
            await connection.run_sync(_run_sync, metadata, schema)
    finally:
        await engine.dispose()


def _run_sync(connection: Connection, metadata: MetaData, schema: str) -> None:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        version_table_schema=schema,
        include_schemas=True,
        # Only this service's schema exists for its history; other services' tables are not ours.
        include_name=lambda name, type_, _parent: type_ != "schema" or name == schema,
        compare_type=True,
        render_as_batch=connection.dialect.name == "sqlite",
    )
    with context.begin_transaction():
        context.run_migrations()
