"""Who sees which document: contacts see only what the visibility decision lets through."""

from __future__ import annotations

import hashlib
import uuid
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # fixtures' types; conftest is not importable under importlib mode
    from conftest import Account, Service

PDF = b"%PDF-1.7\nNebenkosten\n" * 50


async def publish(service: Service, account: Account, **fields: Any) -> str:
    fields.setdefault("property_id", account.property_id)
    response = await service.upload(account.staff, [("Dokument.pdf", PDF)], **fields)
    assert response.status_code == 201, response.text
    return str(response.json()[0]["id"])


async def visible_ids(service: Service, headers: dict[str, str]) -> list[str]:
    response = await service.client.get("/api/documents/my/documents", headers=headers)
    assert response.status_code == 200, response.text
    return [d["id"] for d in response.json()["items"]]


async def can_open(service: Service, headers: dict[str, str], document_id: str) -> bool:
    one = await service.client.get(f"/api/documents/my/documents/{document_id}", headers=headers)
    content = await service.client.get(
        f"/api/documents/my/documents/{document_id}/content", headers=headers
    )
    assert one.status_code in (200, 404)
    assert content.status_code == one.status_code
    return one.status_code == 200


class TestGroupSharing:
    async def test_the_tenant_sees_a_tenants_document_and_downloads_the_same_bytes(
        self, service: Service, account: Account
    ) -> None:
        document_id = await publish(service, account, groups=["tenants"])
        tenant = account.contact(account.tenant_1)

        listed = await service.client.get("/api/documents/my/documents", headers=tenant)
        [item] = listed.json()["items"]
        assert item["id"] == document_id
        assert item["personal"] is False
        assert "audience" not in item

        content = await service.client.get(
            f"/api/documents/my/documents/{document_id}/content", headers=tenant
        )
        assert content.status_code == 200
        assert hashlib.sha256(content.content).digest() == hashlib.sha256(PDF).digest()
        assert content.headers["content-type"] == "application/pdf"
        assert content.headers["x-content-type-options"] == "nosniff"

        audit = await service.client.get(
            f"/api/documents/documents/{document_id}/downloads", headers=account.staff
        )
        assert audit.status_code == 200
        [download] = audit.json()["items"]
        assert download["contact_id"] == str(account.tenant_1)
        assert download["contact_name"] == "Tim Mieter"
        assert download["downloaded_at"].startswith("2026-12-10T10:00:00")

    async def test_the_owner_does_not_see_a_tenants_document(
        self, service: Service, account: Account
    ) -> None:
        document_id = await publish(service, account, groups=["tenants"])
        owner = account.contact(account.owner_1)
        assert await visible_ids(service, owner) == []
        assert not await can_open(service, owner, document_id)

    async def test_a_unit_document_reaches_the_tenant_of_that_unit_only(
        self, service: Service, account: Account
    ) -> None:
        document_id = await publish(service, account, unit_id=account.unit_2, groups=["tenants"])
        assert await visible_ids(service, account.contact(account.tenant_2)) == [document_id]
        assert await visible_ids(service, account.contact(account.tenant_1)) == []

    async def test_a_contract_that_ended_yesterday_no_longer_sees_group_documents(
        self, service: Service, account: Account
    ) -> None:
        document_id = await publish(service, account, groups=["tenants"])
        former = account.contact(account.former_tenant)
        assert await visible_ids(service, former) == []
        assert not await can_open(service, former, document_id)

    async def test_registered_residents_see_residents_documents(
        self, service: Service, account: Account
    ) -> None:
        document_id = await publish(service, account, groups=["residents"])
        assert await visible_ids(service, account.contact(account.resident)) == [document_id]
        assert await visible_ids(service, account.contact(account.tenant_1)) == []


class TestInternalAndIndividual:
    async def test_internal_documents_reach_no_contact(
        self, service: Service, account: Account
    ) -> None:
        document_id = await publish(service, account, internal=True)
        for contact_id in (
            account.owner_1,
            account.tenant_1,
            account.tenant_2,
            account.former_tenant,
            account.resident,
        ):
            headers = account.contact(contact_id)
            assert await visible_ids(service, headers) == []
            assert not await can_open(service, headers, document_id)
        staff = await service.client.get(
            f"/api/documents/documents/{document_id}", headers=account.staff
        )
        assert staff.status_code == 200

    async def test_an_individually_shared_document_reaches_only_that_contact(
        self, service: Service, account: Account
    ) -> None:
        document_id = await publish(
            service, account, unit_id=account.unit_1, contact_id=account.tenant_1
        )
        tenant = account.contact(account.tenant_1)
        [item] = (await service.client.get("/api/documents/my/documents", headers=tenant)).json()[
            "items"
        ]
        assert item["personal"] is True
        assert await can_open(service, tenant, document_id)
        for contact_id in (account.owner_1, account.tenant_2, account.resident):
            assert not await can_open(service, account.contact(contact_id), document_id)


class TestAccountsAreSeparate:
    async def test_another_accounts_staff_and_contacts_get_404(
        self, service: Service, account: Account
    ) -> None:
        document_id = await publish(service, account, groups=["owners", "tenants", "residents"])
        other = await service.account()
        base = f"/api/documents/documents/{document_id}"
        for path in (base, f"{base}/content", f"{base}/downloads"):
            assert (await service.client.get(path, headers=other.staff)).status_code == 404
        assert (await service.client.delete(base, headers=other.staff)).status_code == 404
        listed = await service.client.get("/api/documents/documents", headers=other.staff)
        assert listed.json()["total"] == 0

        # A contact of the other account, even with the same contact id as ours.
        for contact_id in (other.tenant_1, account.tenant_1):
            headers = other.contact(contact_id)
            assert await visible_ids(service, headers) == []
            assert not await can_open(service, headers, document_id)

    async def test_staff_use_the_staff_api_and_contacts_the_contact_api(
        self, service: Service, account: Account
    ) -> None:
        mine = await service.client.get("/api/documents/my/documents", headers=account.staff)
        assert mine.status_code == 403
        staff_api = await service.client.get(
            "/api/documents/documents", headers=account.contact(account.tenant_1)
        )
        assert staff_api.status_code == 403
        anonymous = await service.client.get("/api/documents/my/documents")
        assert anonymous.status_code == 401

    async def test_an_unknown_document_is_404(self, service: Service, account: Account) -> None:
        path = f"/api/documents/my/documents/{uuid.uuid4()}"
        assert (
            await service.client.get(path, headers=account.contact(account.tenant_1))
        ).status_code == 404
