"""Staff find documents: filters, search, paging, newest first; contacts filter theirs."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # fixtures' types; conftest is not importable under importlib mode
    from conftest import Account, Service


async def upload(service: Service, account: Account, name: str, **fields: Any) -> str:
    fields.setdefault("property_id", account.property_id)
    response = await service.upload(account.staff, [(name, b"%PDF " + name.encode())], **fields)
    assert response.status_code == 201, response.text
    service.clock.advance(timedelta(minutes=1))
    return str(response.json()[0]["id"])


class TestStaffListing:
    async def test_filters_search_and_paging(self, service: Service, account: Account) -> None:
        tenants = await upload(service, account, "Hausordnung.pdf", groups=["tenants"])
        owners = await upload(
            service, account, "Wirtschaftsplan.pdf", groups=["owners"], document_type="Abrechnung"
        )
        unit = await upload(
            service, account, "Zaehler WE01.pdf", unit_id=account.unit_1, groups=["owners"]
        )
        internal = await upload(service, account, "Notiz 100%.pdf", internal=True)
        personal = await upload(service, account, "Brief.pdf", contact_id=account.tenant_1)

        async def ids(**params: Any) -> list[str]:
            response = await service.client.get(
                "/api/documents/documents", params=params, headers=account.staff
            )
            assert response.status_code == 200, response.text
            return [d["id"] for d in response.json()["items"]]

        assert await ids() == [personal, internal, unit, owners, tenants]
        assert await ids(audience="owners") == [unit, owners]
        assert await ids(audience="tenants") == [tenants]
        assert await ids(audience="internal") == [internal]
        assert await ids(audience="contact") == [personal]
        assert await ids(unit_id=str(account.unit_1)) == [unit]
        assert await ids(document_type="abrechnung") == [owners]
        assert await ids(q="PLAN") == [owners]
        assert await ids(q="100%") == [internal]
        assert await ids(q="_") == []
        assert await ids(status="published", limit=2, offset=1) == [internal, unit]

        page = await service.client.get(
            "/api/documents/documents", params={"limit": 2}, headers=account.staff
        )
        assert page.json()["total"] == 5
        assert page.json()["limit"] == 2

        bad = await service.client.get(
            "/api/documents/documents", params={"audience": "everyone"}, headers=account.staff
        )
        assert bad.status_code == 422


class TestContactListing:
    async def test_newest_first_with_filters_and_paging(
        self, service: Service, account: Account
    ) -> None:
        older = await upload(service, account, "Alt.pdf", groups=["tenants"])
        newer = await upload(
            service, account, "Neu.pdf", groups=["tenants"], document_type="Protokoll"
        )
        await upload(service, account, "Intern.pdf", internal=True)
        tenant = account.contact(account.tenant_1)

        async def page(**params: Any) -> dict[str, Any]:
            response = await service.client.get(
                "/api/documents/my/documents", params=params, headers=tenant
            )
            assert response.status_code == 200, response.text
            return dict(response.json())

        everything = await page()
        assert [d["id"] for d in everything["items"]] == [newer, older]
        assert everything["total"] == 2
        assert [d["id"] for d in (await page(document_type="Protokoll"))["items"]] == [newer]
        second = await page(limit=1, offset=1)
        assert [d["id"] for d in second["items"]] == [older]
        assert second["total"] == 2
        other_property = await page(property_id=str(account.unit_1))
        assert other_property["items"] == []
