"""Each service runs alone against the real PostgreSQL, Kafka and S3: migrated, live, ready."""

from __future__ import annotations

import importlib
from typing import Any

import httpx
import pytest
from asgi_lifespan import LifespanManager
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

SERVICES = ["portal", "documents", "smartpost", "tasks", "notify"]


@pytest.mark.parametrize("service", SERVICES)
async def test_service_starts_alone_on_real_infrastructure(
    service: str, postgres_database: str, real_settings: dict[str, Any]
) -> None:
    main = importlib.import_module(f"hausportal.{service}.main")
    settings_module = importlib.import_module(f"hausportal.{service}.settings")
    settings_class = next(
        value
        for name, value in vars(settings_module).items()
        if name.endswith("Settings") and name != "ServiceSettings"
    )
    app = main.create_app(settings_class(**real_settings))
    async with LifespanManager(app, startup_timeout=60, shutdown_timeout=30):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://svc") as client:
            assert (await client.get("/healthz")).json() == {"status": "ok", "service": service}
            ready = await client.get(f"/api/{service}/readyz")
            assert ready.status_code == 200, ready.text
            assert ready.json()["checks"] == {"database": True, "bus": True, "storage": True}
            metrics = await client.get("/metrics")
            assert metrics.status_code == 200

    # The migrations put the service's tables in its own schema, and only there.
    engine = create_async_engine(postgres_database)
    async with engine.connect() as connection:
        schemas = {
            row[0]
            for row in await connection.execute(
                text(
                    "SELECT DISTINCT table_schema FROM information_schema.tables "
                    "WHERE table_schema NOT IN ('pg_catalog', 'information_schema')"
                )
            )
        }
    await engine.dispose()
    assert schemas == {service}
