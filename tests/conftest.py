"""Cross-service fixtures: a fresh PostgreSQL database and real-server settings per service."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from typing import Any

import pytest
from sqlalchemy import make_url, text
from sqlalchemy.ext.asyncio import create_async_engine

from hausportal.kit import testing


@pytest.fixture
async def postgres_database() -> AsyncIterator[str]:
    """URL of a database created for this test and dropped after it."""
    server = testing.postgres_url()
    name = f"hp_{uuid.uuid4().hex[:12]}"
    admin = create_async_engine(server, isolation_level="AUTOCOMMIT")
    async with admin.connect() as connection:
        await connection.execute(text(f'CREATE DATABASE "{name}"'))
    yield make_url(server).set(database=name).render_as_string(hide_password=False)
    async with admin.connect() as connection:
        await connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    await admin.dispose()


@pytest.fixture
def real_settings(postgres_database: str) -> dict[str, Any]:
    """Settings that point a service at the real test servers (make infra-up)."""
    s3 = testing.s3_server()
    return {
        "environment": "test",
        "database_url": postgres_database,
        "migrate_on_startup": True,
        "bus": "kafka",
        "kafka_bootstrap_servers": testing.kafka_bootstrap(),
        "storage": "s3",
        "s3_endpoint": s3.endpoint,
        "s3_access_key": s3.access_key,
        "s3_secret_key": s3.secret_key,
        "s3_bucket": f"hp-test-{uuid.uuid4().hex[:12]}",
        "jwt_secret": "t" * 48,
        "log_json": True,
    }
