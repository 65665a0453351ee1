"""The core flow once against the real servers: PostgreSQL and S3 (make infra-up), and a
SmartPost letter over the real Kafka broker as well."""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import AsyncIterator
from datetime import timedelta
from typing import TYPE_CHECKING, Any

import pytest

from hausportal.contracts.documents import DocumentDeleted, DocumentPublished
from hausportal.contracts.topics import ALL_TOPICS
from hausportal.kit import testing

if TYPE_CHECKING:  # fixtures' types; conftest is not importable under importlib mode
    from conftest import Service

pytestmark = [pytest.mark.postgres, pytest.mark.s3]


@pytest.fixture
async def postgres_database() -> AsyncIterator[str]:
    """A database of its own (the service's schema is always named "documents")."""
    async with testing.fresh_postgres_database("hp_documents") as url:
        yield url


@pytest.fixture
def real_servers(postgres_database: str) -> dict[str, Any]:
    s3 = testing.s3_server()
    return {
        "environment": "test",
        "database_url": postgres_database,
        "storage": "s3",
        "s3_endpoint": s3.endpoint,
        "s3_access_key": s3.access_key,
        "s3_secret_key": s3.secret_key,
        "s3_bucket": f"hp-documents-{uuid.uuid4().hex[:12]}",
        "max_upload_bytes": 64 * 1024,
        "purge_interval_seconds": 0.05,
    }


async def test_upload_see_download_delete_purge_on_postgres_and_s3(
    start_service: Any, real_servers: dict[str, Any]
) -> None:
    service: Service
    content = b"%PDF-1.7\n" + bytes(range(256)) * 100
    async with start_service(**real_servers) as service:
        account = await service.account()
        uploaded = await service.upload(
            account.staff,
            [("Abrechnung 2025.pdf", content), ("Anhang.pdf", b"%PDF anhang")],
            property_id=account.property_id,
            document_type="Abrechnung",
            groups=["tenants"],
        )
        assert uploaded.status_code == 201, uploaded.text
        document, attachment = uploaded.json()
        assert document["sha256"] == hashlib.sha256(content).hexdigest()

        tenant = account.contact(account.tenant_1)
        mine = await service.client.get("/api/documents/my/documents", headers=tenant)
        assert {d["id"] for d in mine.json()["items"]} == {document["id"], attachment["id"]}
        owner = await service.client.get(
            "/api/documents/my/documents", headers=account.contact(account.owner_1)
        )
        assert owner.json()["items"] == []

        # Who sees it (from the read model on PostgreSQL) and the staff's preview of a tenant.
        seen = await service.client.get(
            f"/api/documents/documents/{document['id']}/audience", headers=account.staff
        )
        assert {(c["contact_id"], c["reason"], c["role"]) for c in seen.json()["contacts"]} == {
            (str(account.tenant_1), "contract", "tenant"),
            (str(account.tenant_2), "contract", "tenant"),
        }
        preview = await service.client.get(
            "/api/documents/preview",
            params={"property_id": str(account.property_id), "as": "tenant"},
            headers=account.staff,
        )
        assert preview.json()["items"] == mine.json()["items"]
        residents = await service.client.get(
            "/api/documents/preview",
            params={"property_id": str(account.property_id), "as": "resident"},
            headers=account.staff,
        )
        assert residents.json()["items"] == []

        downloaded = await service.client.get(
            f"/api/documents/my/documents/{document['id']}/content", headers=tenant
        )
        assert downloaded.status_code == 200
        assert downloaded.content == content
        audit = await service.client.get(
            f"/api/documents/documents/{document['id']}/downloads", headers=account.staff
        )
        assert [d["contact_id"] for d in audit.json()["items"]] == [str(account.tenant_1)]

        too_large = await service.upload(
            account.staff,
            [("ok.pdf", b"%PDF"), ("zu gross.pdf", b"x" * (64 * 1024 + 1))],
            property_id=account.property_id,
            internal=True,
        )
        assert too_large.status_code == 413
        prefix = f"{account.account_id}/documents/"
        assert sorted(await service.stored_keys(prefix)) == sorted(
            prefix + d["id"] for d in (document, attachment)
        )

        deleted = await service.client.delete(
            f"/api/documents/documents/{document['id']}", headers=account.staff
        )
        assert deleted.status_code == 204
        gone = await service.client.get(
            f"/api/documents/my/documents/{document['id']}", headers=tenant
        )
        assert gone.status_code == 404

        service.clock.advance(timedelta(days=31))
        assert await service.wait_until_gone(prefix + document["id"])
        assert await service.stored_keys(prefix) == [prefix + attachment["id"]]

        events = await service.outbox_events()
        assert [type(e) for e in events] == [DocumentPublished, DocumentPublished, DocumentDeleted]


@pytest.mark.kafka
async def test_a_smartpost_letter_over_kafka_on_postgres_and_s3(
    start_service: Any, real_servers: dict[str, Any]
) -> None:
    service: Service
    run = uuid.uuid4().hex[:8]
    kafka = {
        "bus": "kafka",
        "kafka_bootstrap_servers": testing.kafka_bootstrap(),
        # This test's own topics: no other test's events, no offsets to catch up on.
        "topic_overrides": {t.name: f"documents-{run}.{t.name}" for t in ALL_TOPICS},
        "kafka_topic_partitions": 1,
        "kafka_session_timeout_ms": 2000,
        "kafka_heartbeat_interval_ms": 200,
    }
    content = b"%PDF-1.7\n" + bytes(range(256)) * 50
    async with start_service(**real_servers, **kafka) as service:
        account = await service.account()
        letter = await service.letter(
            account, content, contact_id=account.owner_1, unit_id=account.unit_1, notify_now=True
        )
        await service.announce(letter)
        await service.announce(letter.model_copy(update={"id": uuid.uuid4()}))  # a retry
        letter_id = str(letter.payload.letter_id)

        owner = account.contact(account.owner_1)
        mine = await service.client.get("/api/documents/my/documents", headers=owner)
        assert [d["id"] for d in mine.json()["items"]] == [letter_id]
        tenant = await service.client.get(
            "/api/documents/my/documents", headers=account.contact(account.tenant_1)
        )
        assert tenant.json()["items"] == []
        downloaded = await service.client.get(
            f"/api/documents/my/documents/{letter_id}/content", headers=owner
        )
        assert downloaded.status_code == 200
        assert downloaded.content == content

        await service.announce(service.withdrawal(letter))
        gone = await service.client.get("/api/documents/my/documents", headers=owner)
        assert gone.json()["items"] == []
        uploaded = await service.upload(
            account.staff,
            [("Alt.pdf", b"%PDF alt")],
            property_id=account.property_id,
            internal=True,
        )
        upload_id = uploaded.json()[0]["id"]
        await service.client.delete(f"/api/documents/documents/{upload_id}", headers=account.staff)

        # Past the retention the purge removes the upload's object and keeps smartpost's.
        service.clock.advance(timedelta(days=31))
        assert await service.wait_until_gone(f"{account.account_id}/documents/{upload_id}")
        assert await service.stored_keys(letter.payload.object_key) == [letter.payload.object_key]

        events = await service.outbox_events()
        assert [type(e) for e in events] == [DocumentPublished, DocumentDeleted] * 2
        assert events[0].payload.audience.contact_id == account.owner_1
        assert events[0].payload.document_id == letter.payload.letter_id
