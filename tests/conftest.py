"""Cross-service fixtures: a fresh PostgreSQL database and real-server settings per service."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from typing import Any

import pytest

from hausportal.kit import testing


@pytest.fixture
async def postgres_database() -> AsyncIterator[str]:
    """URL of a database created for this test and dropped after it."""
    async with testing.fresh_postgres_database() as url:
        yield url


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
