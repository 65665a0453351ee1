"""Staff's portal preview: GET /preview?property_id=&as=&unit_id= lists what such a person sees
at /my/documents today, through the same listing."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING, Any

import pytest

from hausportal.contracts import directory as events

if TYPE_CHECKING:  # fixtures' types; conftest is not importable under importlib mode
    from conftest import Account, Service


@dataclass
class Shelf:
    """Documents of every kind of audience, uploaded one minute apart (oldest first)."""

    other_property: uuid.UUID
    other_unit: uuid.UUID
    p_tenants: str = ""
    u1_tenants: str = ""
    u2_tenants: str = ""
    p_owners: str = ""
    u1_owners: str = ""
    p_residents: str = ""
    p_everyone: str = ""
    internal: str = ""
    to_tim: str = ""
    to_rita: str = ""
    other_property_tenants: str = ""


async def upload(service: Service, account: Account, name: str, **fields: Any) -> str:
    fields.setdefault("property_id", account.property_id)
    path = fields.pop("path", "/api/documents/documents")
    response = await service.upload(
        account.staff, [(f"{name}.pdf", b"%PDF " + name.encode())], path=path, **fields
    )
    assert response.status_code == 201, response.text
    service.clock.advance(timedelta(minutes=1))
    return str(response.json()[0]["id"])


@pytest.fixture
async def shelf(service: Service, account: Account) -> Shelf:
    a = account.account_id
    shelf = Shelf(other_property=uuid.uuid4(), other_unit=uuid.uuid4())
    await service.announce(
        events.PropertyUpserted(
            account_id=a,
            payload=events.PropertyPayload(property_id=shelf.other_property, name="Ahornallee 7"),
        ),
        events.UnitUpserted(
            account_id=a,
            payload=events.UnitPayload(
                unit_id=shelf.other_unit, property_id=shelf.other_property, name="WE 01"
            ),
        ),
    )
    u1, u2 = account.unit_1, account.unit_2
    shelf.p_tenants = await upload(service, account, "Hausordnung", groups=["tenants"])
    shelf.u1_tenants = await upload(
        service, account, "Zaehler WE01", unit_id=u1, groups=["tenants"]
    )
    shelf.u2_tenants = await upload(
        service, account, "Zaehler WE02", unit_id=u2, groups=["tenants"]
    )
    shelf.p_owners = await upload(service, account, "Wirtschaftsplan", groups=["owners"])
    shelf.u1_owners = await upload(
        service, account, "Sonderumlage WE01", unit_id=u1, groups=["owners"]
    )
    shelf.p_residents = await upload(service, account, "Sommerfest", groups=["residents"])
    shelf.p_everyone = await upload(
        service, account, "Wasserabstellung", groups=["owners", "tenants", "residents"]
    )
    shelf.internal = await upload(service, account, "Notiz", internal=True)
    shelf.to_tim = await upload(
        service, account, "Brief Tim", unit_id=u1, contact_id=account.tenant_1
    )
    shelf.to_rita = await upload(service, account, "Brief Rita", contact_id=account.resident)
    shelf.other_property_tenants = await upload(
        service, account, "Ahorn Hausordnung", property_id=shelf.other_property, groups=["tenants"]
    )
    # Neither a staged nor a deleted document shows up.
    await upload(service, account, "Entwurf", groups=["tenants"], path="/api/documents/staging")
    deleted = await upload(service, account, "Zurueckgezogen", groups=["tenants"])
    gone = await service.client.delete(f"/api/documents/documents/{deleted}", headers=account.staff)
    assert gone.status_code == 204
    return shelf


async def preview(service: Service, account: Account, **params: Any) -> dict[str, Any]:
    params.setdefault("property_id", account.property_id)
    response = await service.client.get(
        "/api/documents/preview",
        params={k: str(v) for k, v in params.items() if v is not None},
        headers=account.staff,
    )
    assert response.status_code == 200, response.text
    return dict(response.json())


async def mine(service: Service, account: Account, contact_id: uuid.UUID) -> list[dict[str, Any]]:
    response = await service.client.get(
        "/api/documents/my/documents", headers=account.contact(contact_id)
    )
    assert response.status_code == 200, response.text
    return list(response.json()["items"])


def ids(body: dict[str, Any]) -> list[str]:
    return [d["id"] for d in body["items"]]


class TestAsTenant:
    async def test_of_unit_1_the_propertys_and_unit_1s_tenants_documents(
        self, service: Service, account: Account, shelf: Shelf
    ) -> None:
        body = await preview(service, account, **{"as": "tenant", "unit_id": account.unit_1})
        # Newest first; not unit 2's, the owners', internal, individual or another property's.
        assert ids(body) == [shelf.p_everyone, shelf.u1_tenants, shelf.p_tenants]
        assert body["total"] == 3
        assert body["scope"] == "unit"
        assert body["role"] == "tenant"
        assert body["unit_id"] == str(account.unit_1)
        assert body["property_id"] == str(account.property_id)
        assert body["on"] == "2026-12-10"
        assert all(item["personal"] is False for item in body["items"])

    async def test_without_a_unit_the_propertys_documents_only(
        self, service: Service, account: Account, shelf: Shelf
    ) -> None:
        body = await preview(service, account, **{"as": "tenant"})
        assert ids(body) == [shelf.p_everyone, shelf.p_tenants]
        assert body["scope"] == "property"
        assert body["unit_id"] is None

    async def test_paging_and_document_type_like_my_documents(
        self, service: Service, account: Account, shelf: Shelf
    ) -> None:
        page = await preview(
            service, account, **{"as": "tenant", "unit_id": account.unit_1, "limit": 1, "offset": 1}
        )
        assert ids(page) == [shelf.u1_tenants]
        assert (page["total"], page["limit"], page["offset"]) == (3, 1, 1)
        typed = await preview(
            service, account, **{"as": "tenant", "unit_id": account.unit_1, "document_type": "X"}
        )
        assert typed["items"] == []


class TestAsOwnerAndResident:
    async def test_as_owner_of_unit_1(
        self, service: Service, account: Account, shelf: Shelf
    ) -> None:
        body = await preview(service, account, **{"as": "owner", "unit_id": account.unit_1})
        assert ids(body) == [shelf.p_everyone, shelf.u1_owners, shelf.p_owners]
        without_unit = await preview(service, account, **{"as": "owner"})
        assert ids(without_unit) == [shelf.p_everyone, shelf.p_owners]

    async def test_as_resident(self, service: Service, account: Account, shelf: Shelf) -> None:
        body = await preview(service, account, **{"as": "resident"})
        assert ids(body) == [shelf.p_everyone, shelf.p_residents]
        assert body["scope"] == "property"


class TestSameAsTheRealContact:
    """The preview and a real contact of that role and unit get the very same list (apart from
    what was shared with that one contact individually)."""

    @pytest.mark.parametrize(
        ("role", "unit", "contact"),
        [
            ("tenant", "unit_1", "tenant_1"),
            ("tenant", "unit_2", "tenant_2"),  # its contract starts today
            ("owner", "unit_1", "owner_1"),
            ("resident", None, "resident"),
        ],
    )
    async def test_preview_equals_my_documents(
        self,
        service: Service,
        account: Account,
        shelf: Shelf,
        role: str,
        unit: str | None,
        contact: str,
    ) -> None:
        unit_id = getattr(account, unit) if unit else None
        body = await preview(service, account, **{"as": role, "unit_id": unit_id})
        real = await mine(service, account, getattr(account, contact))
        assert body["items"] == [item for item in real if not item["personal"]]
        assert body["items"]  # compared on something

    async def test_the_individual_letters_are_what_differs(
        self, service: Service, account: Account, shelf: Shelf
    ) -> None:
        body = await preview(service, account, **{"as": "tenant", "unit_id": account.unit_1})
        real = await mine(service, account, account.tenant_1)
        assert [item["id"] for item in real if item["personal"]] == [shelf.to_tim]
        assert shelf.to_tim not in ids(body)


class TestRefused:
    async def test_unknown_property_or_unit_or_a_unit_of_another_property_is_404(
        self, service: Service, account: Account, shelf: Shelf
    ) -> None:
        async def status(**params: Any) -> tuple[int, str, str]:
            params.setdefault("property_id", account.property_id)
            response = await service.client.get(
                "/api/documents/preview",
                params={k: str(v) for k, v in params.items()},
                headers=account.staff,
            )
            body = response.json()
            return response.status_code, body.get("code", ""), body.get("message", "")

        assert await status(**{"as": "tenant", "property_id": uuid.uuid4()}) == (
            404,
            "property_not_found",
            "Die Liegenschaft wurde nicht gefunden.",
        )
        unknown_unit = (404, "unit_not_found", "Die Einheit wurde nicht gefunden.")
        assert await status(**{"as": "tenant", "unit_id": uuid.uuid4()}) == unknown_unit
        assert await status(**{"as": "owner", "unit_id": shelf.other_unit}) == unknown_unit
        # The other property itself is fine, with its own unit.
        other = await preview(
            service,
            account,
            **{"as": "tenant", "property_id": shelf.other_property, "unit_id": shelf.other_unit},
        )
        assert ids(other) == [shelf.other_property_tenants]

    async def test_another_accounts_staff_do_not_find_the_property(
        self, service: Service, account: Account, shelf: Shelf
    ) -> None:
        other = await service.account()
        response = await service.client.get(
            "/api/documents/preview",
            params={"property_id": str(account.property_id), "as": "tenant"},
            headers=other.staff,
        )
        assert response.status_code == 404
        # ... and their own property of the same shape shows none of ours.
        theirs = await service.client.get(
            "/api/documents/preview",
            params={"property_id": str(other.property_id), "as": "tenant"},
            headers=other.staff,
        )
        assert theirs.status_code == 200
        assert theirs.json()["items"] == []

    async def test_bad_requests_and_contacts(
        self, service: Service, account: Account, shelf: Shelf
    ) -> None:
        path = "/api/documents/preview"
        prop = str(account.property_id)
        for params in (
            {"property_id": prop, "as": "caretaker"},
            {"property_id": prop},
            {"as": "tenant"},
        ):
            response = await service.client.get(path, params=params, headers=account.staff)
            assert response.status_code == 422, params
        resident_of_unit = await service.client.get(
            path,
            params={"property_id": prop, "as": "resident", "unit_id": str(account.unit_1)},
            headers=account.staff,
        )
        assert resident_of_unit.status_code == 422
        assert resident_of_unit.json()["code"] == "residents_need_property"
        contact = await service.client.get(
            path,
            params={"property_id": prop, "as": "tenant"},
            headers=account.contact(account.tenant_1),
        )
        assert contact.status_code == 403
