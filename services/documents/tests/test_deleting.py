"""Deleting: gone for contacts at once, announced, content purged after the retention."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from hausportal.contracts.documents import DocumentDeleted, DocumentPublished

if TYPE_CHECKING:  # fixtures' types; conftest is not importable under importlib mode
    from conftest import Account, Service

PDF = b"%PDF-1.7\nVertrag\n" * 10


async def publish(service: Service, account: Account) -> dict[str, Any]:
    response = await service.upload(
        account.staff, [("Vertrag.pdf", PDF)], property_id=account.property_id, groups=["tenants"]
    )
    assert response.status_code == 201, response.text
    return dict(response.json()[0])


class TestSoftDelete:
    async def test_a_deleted_document_disappears_for_the_contact_and_is_announced(
        self, service: Service, account: Account
    ) -> None:
        document = await publish(service, account)
        tenant = account.contact(account.tenant_1)
        path = f"/api/documents/documents/{document['id']}"

        deleted = await service.client.delete(path, headers=account.staff)
        assert deleted.status_code == 204
        assert (await service.client.delete(path, headers=account.staff)).status_code == 204

        mine = await service.client.get("/api/documents/my/documents", headers=tenant)
        assert mine.json()["items"] == []
        content = await service.client.get(
            f"/api/documents/my/documents/{document['id']}/content", headers=tenant
        )
        assert content.status_code == 404

        staff_view = await service.client.get(path, headers=account.staff)
        assert staff_view.json()["status"] == "deleted"
        assert staff_view.json()["deleted_at"].startswith("2026-12-10T10:00:00")
        listed = await service.client.get("/api/documents/documents", headers=account.staff)
        assert listed.json()["total"] == 0

        published, removed = await service.outbox_events()
        assert isinstance(published, DocumentPublished)
        assert isinstance(removed, DocumentDeleted)
        assert str(removed.payload.document_id) == document["id"]
        assert removed.payload.property_id == account.property_id
        assert removed.account_id == account.account_id

    async def test_deleting_a_staged_document_announces_nothing(
        self, service: Service, account: Account
    ) -> None:
        response = await service.upload(
            account.staff,
            [("Entwurf.pdf", PDF)],
            path="/api/documents/staging",
            property_id=account.property_id,
        )
        document_id = response.json()[0]["id"]
        deleted = await service.client.delete(
            f"/api/documents/documents/{document_id}", headers=account.staff
        )
        assert deleted.status_code == 204
        assert await service.outbox_events() == []
        publish_deleted = await service.client.post(
            "/api/documents/publish", json={"document_ids": [document_id]}, headers=account.staff
        )
        assert publish_deleted.status_code == 409


class TestPurge:
    async def test_the_content_is_purged_after_the_retention_and_not_before(
        self, start_service: Any
    ) -> None:
        async with start_service(deleted_retention_days=30, purge_interval_seconds=0.05) as service:
            account = await service.account()
            kept = await publish(service, account)
            document = await publish(service, account)
            await service.client.delete(
                f"/api/documents/documents/{document['id']}", headers=account.staff
            )

            service.clock.advance(timedelta(days=29, hours=23))
            await asyncio.sleep(0.3)  # several rounds of the purge
            key = f"{account.account_id}/documents/{document['id']}"
            assert await service.stored_keys(key) == [key]

            service.clock.advance(timedelta(hours=1))
            assert await service.wait_until_gone(key)
            # Only the deleted one.
            assert await service.stored_keys(f"{account.account_id}/documents/{kept['id']}")
            staff_view = await service.client.get(
                f"/api/documents/documents/{document['id']}", headers=account.staff
            )
            assert staff_view.json()["status"] == "deleted"
