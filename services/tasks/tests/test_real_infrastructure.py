"""The same service on the real PostgreSQL and S3: numbering under concurrent reports (the
counter row's lock), files in S3, the history in order."""

from __future__ import annotations

import asyncio
import uuid
from typing import TYPE_CHECKING, Any

import pytest

from hausportal.kit import testing

if TYPE_CHECKING:  # fixtures' types; conftest is not importable under importlib mode
    from conftest import Tasks

API = "/api/tasks"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.mark.postgres
@pytest.mark.s3
async def test_concurrent_reports_get_distinct_numbers_on_postgres_and_s3(
    run_tasks: Any,
) -> None:
    s3 = testing.s3_server()
    async with (
        testing.fresh_postgres_database("tasks") as url,
        run_tasks(
            database_url=url,
            storage="s3",
            s3_endpoint=s3.endpoint,
            s3_access_key=s3.access_key,
            s3_secret_key=s3.secret_key,
            s3_bucket=f"hp-tasks-{uuid.uuid4().hex[:8]}",
        ) as tasks,
    ):
        tasks_: Tasks = tasks
        agency = await tasks_.agency()
        reports = await asyncio.gather(
            *(
                tasks_.report(
                    agency.contact(agency.tenant), agency, files=[("a.png", PNG, "image/png")]
                )
                for _ in range(6)
            )
        )
        assert sorted(r["number"] for r in reports) == [f"2026-{n:04d}" for n in range(1, 7)]
        first = reports[0]
        photo = first["attachments"][0]
        content = await tasks_.client.get(
            f"{API}/tickets/{first['id']}/attachments/{photo['id']}",
            headers=agency.contact(agency.tenant),
        )
        assert content.content == PNG
        path = f"{API}/tickets/{first['id']}"
        await tasks_.client.post(
            f"{path}/comments", headers=agency.staff, json={"text": "x", "internal": True}
        )
        await tasks_.client.post(f"{path}/status", headers=agency.staff, json={"status": "done"})
        view = (await tasks_.client.get(path, headers=agency.staff)).json()
        assert [h["kind"] for h in view["history"]] == [
            "created",
            "attachment_added",
            "commented",
            "status_changed",
        ]
        tenant_view = (await tasks_.client.get(path, headers=agency.contact(agency.tenant))).json()
        assert [h["kind"] for h in tenant_view["history"]] == [
            "created",
            "attachment_added",
            "status_changed",
        ]
