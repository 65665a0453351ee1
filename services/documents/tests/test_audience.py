"""Staff ask "who can see this, and why": GET /documents/{id}/audience?on=."""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from hausportal.contracts import directory as events

if TYPE_CHECKING:  # fixtures' types; conftest is not importable under importlib mode
    from conftest import Account, Service

TODAY = date(2026, 12, 10)  # the fixture clock's day in Berlin
PDF = b"%PDF-1.7\nAushang\n" * 20


async def publish(service: Service, account: Account, **fields: Any) -> str:
    fields.setdefault("property_id", account.property_id)
    response = await service.upload(account.staff, [("Aushang.pdf", PDF)], **fields)
    assert response.status_code == 201, response.text
    return str(response.json()[0]["id"])


async def stage(service: Service, account: Account, **fields: Any) -> str:
    fields.setdefault("property_id", account.property_id)
    response = await service.upload(
        account.staff, [("Entwurf.pdf", PDF)], path="/api/documents/staging", **fields
    )
    assert response.status_code == 201, response.text
    return str(response.json()[0]["id"])


async def audience(
    service: Service, account: Account, document_id: str, on: date | None = None
) -> dict[str, Any]:
    params = {"on": on.isoformat()} if on else {}
    response = await service.client.get(
        f"/api/documents/documents/{document_id}/audience", params=params, headers=account.staff
    )
    assert response.status_code == 200, response.text
    return dict(response.json())


def who(body: dict[str, Any]) -> dict[str, str]:
    """contact id -> reason."""
    return {c["contact_id"]: c["reason"] for c in body["contacts"]}


def contract(
    account: Account,
    contact_id: uuid.UUID,
    unit_id: uuid.UUID,
    start: date,
    end: date | None = None,
    role: events.ContractRole = events.ContractRole.tenant,
) -> tuple[uuid.UUID, events.ContractUpserted]:
    contract_id = uuid.uuid4()
    return contract_id, events.ContractUpserted(
        account_id=account.account_id,
        payload=events.ContractPayload(
            contract_id=contract_id,
            contact_id=contact_id,
            unit_id=unit_id,
            property_id=account.property_id,
            role=role,
            start=start,
            end=end,
        ),
    )


def new_contact(account: Account, name: str, **fields: Any) -> events.ContactUpserted:
    return events.ContactUpserted(
        account_id=account.account_id,
        payload=events.ContactPayload(contact_id=uuid.uuid4(), name=name, **fields),
    )


class TestGroupSharing:
    async def test_the_active_tenants_of_the_property_by_their_contracts(
        self, service: Service, account: Account
    ) -> None:
        document_id = await publish(service, account, groups=["tenants"])
        body = await audience(service, account, document_id)
        assert body["document_id"] == document_id
        assert body["on"] == TODAY.isoformat()  # today by the service's clock
        assert body["status"] == "published"
        assert body["internal"] is False
        # Sorted by name; not the owner, not the resident, not the tenant whose contract ended.
        tim, tina = body["contacts"]
        assert tim == {
            "contact_id": str(account.tenant_1),
            "name": "Tim Mieter",
            "registered": False,  # listed although it has no login yet
            "reason": "contract",
            "contract_id": tim["contract_id"],
            "role": "tenant",
            "unit_id": str(account.unit_1),
            "contract_start": "2024-03-01",
            "contract_end": None,
        }
        assert tim["contract_id"] is not None
        assert (tina["contact_id"], tina["reason"], tina["role"], tina["unit_id"]) == (
            str(account.tenant_2),
            "contract",
            "tenant",
            str(account.unit_2),
        )

    async def test_a_former_tenant_on_a_day_inside_its_contract(
        self, service: Service, account: Account
    ) -> None:
        document_id = await publish(service, account, unit_id=account.unit_2, groups=["tenants"])
        assert who(await audience(service, account, document_id)) == {
            str(account.tenant_2): "contract"
        }
        yesterday = await audience(service, account, document_id, on=TODAY - timedelta(days=1))
        assert yesterday["on"] == (TODAY - timedelta(days=1)).isoformat()
        [former] = yesterday["contacts"]
        assert (former["contact_id"], former["reason"]) == (str(account.former_tenant), "contract")
        assert former["contract_end"] == (TODAY - timedelta(days=1)).isoformat()
        assert who(await audience(service, account, document_id, on=date(2023, 6, 1))) == {
            str(account.former_tenant): "contract"
        }

    async def test_a_new_tenant_from_the_day_its_contract_starts(
        self, service: Service, account: Account
    ) -> None:
        newcomer = new_contact(account, "Nina Neu", registered=True)
        starts = TODAY + timedelta(days=21)
        contract_id, signed = contract(account, newcomer.payload.contact_id, account.unit_1, starts)
        await service.announce(newcomer, signed)
        document_id = await publish(service, account, unit_id=account.unit_1, groups=["tenants"])

        assert who(await audience(service, account, document_id)) == {
            str(account.tenant_1): "contract"
        }
        assert who(
            await audience(service, account, document_id, on=starts - timedelta(days=1))
        ) == {str(account.tenant_1): "contract"}
        later = await audience(service, account, document_id, on=starts)
        nina, tim = later["contacts"]
        assert tim["contact_id"] == str(account.tenant_1)
        assert nina == {
            "contact_id": str(newcomer.payload.contact_id),
            "name": "Nina Neu",
            "registered": True,
            "reason": "contract",
            "contract_id": str(contract_id),
            "role": "tenant",
            "unit_id": str(account.unit_1),
            "contract_start": starts.isoformat(),
            "contract_end": None,
        }

    async def test_owners_of_a_unit(self, service: Service, account: Account) -> None:
        document_id = await publish(service, account, unit_id=account.unit_1, groups=["owners"])
        [olga] = (await audience(service, account, document_id))["contacts"]
        assert (olga["contact_id"], olga["reason"], olga["role"]) == (
            str(account.owner_1),
            "contract",
            "owner",
        )

    async def test_registered_residents_for_a_residents_document(
        self, service: Service, account: Account
    ) -> None:
        document_id = await publish(service, account, groups=["residents"])
        [rita] = (await audience(service, account, document_id))["contacts"]
        assert rita == {
            "contact_id": str(account.resident),
            "name": "Rita Bewohnerin",
            "registered": True,
            "reason": "resident",
            "contract_id": None,
            "role": None,
            "unit_id": None,
            "contract_start": None,
            "contract_end": None,
        }

    async def test_several_groups_each_with_its_reason(
        self, service: Service, account: Account
    ) -> None:
        document_id = await publish(service, account, groups=["owners", "tenants", "residents"])
        assert who(await audience(service, account, document_id)) == {
            str(account.owner_1): "contract",
            str(account.tenant_1): "contract",
            str(account.tenant_2): "contract",
            str(account.resident): "resident",
        }


class TestIndividualSharing:
    async def test_the_one_contact_with_the_contract_that_lets_it_log_in(
        self, service: Service, account: Account
    ) -> None:
        document_id = await publish(
            service, account, unit_id=account.unit_1, contact_id=account.tenant_1
        )
        [tim] = (await audience(service, account, document_id))["contacts"]
        assert (tim["contact_id"], tim["reason"], tim["role"], tim["unit_id"]) == (
            str(account.tenant_1),
            "individual",
            "tenant",
            str(account.unit_1),
        )
        assert tim["contract_id"] is not None

    async def test_a_former_tenant_only_within_the_post_contract_window(
        self, service: Service, account: Account
    ) -> None:
        document_id = await publish(
            service, account, unit_id=account.unit_2, contact_id=account.former_tenant
        )
        # Post-contract access is off: its contract ended yesterday, so nobody today.
        assert (await audience(service, account, document_id))["contacts"] == []
        await service.announce(
            events.AccountUpserted(
                account_id=account.account_id,
                payload=events.AccountPayload(
                    account_id=account.account_id,
                    name="HV Muster",
                    access=events.AccessWindows(post_contract_days=30),
                ),
            )
        )
        [fritz] = (await audience(service, account, document_id))["contacts"]
        assert (fritz["contact_id"], fritz["reason"]) == (str(account.former_tenant), "individual")
        assert fritz["contract_end"] == (TODAY - timedelta(days=1)).isoformat()
        # The new tenant of that unit never gets it.
        assert str(account.tenant_2) not in who(await audience(service, account, document_id))
        assert (await audience(service, account, document_id, on=TODAY + timedelta(days=30)))[
            "contacts"
        ] == []


class TestNobody:
    async def test_an_internal_document_reaches_no_contact(
        self, service: Service, account: Account
    ) -> None:
        document_id = await publish(service, account, internal=True)
        body = await audience(service, account, document_id)
        assert body["internal"] is True
        assert body["contacts"] == []

    async def test_a_deleted_document_reaches_nobody_on_any_day(
        self, service: Service, account: Account
    ) -> None:
        document_id = await publish(service, account, groups=["tenants"])
        deleted = await service.client.delete(
            f"/api/documents/documents/{document_id}", headers=account.staff
        )
        assert deleted.status_code == 204
        body = await audience(service, account, document_id, on=TODAY - timedelta(days=1))
        assert body["status"] == "deleted"
        assert body["contacts"] == []


class TestStaged:
    async def test_a_staged_document_by_the_audience_chosen_so_far(
        self, service: Service, account: Account
    ) -> None:
        document_id = await stage(service, account, unit_id=account.unit_1, groups=["tenants"])
        body = await audience(service, account, document_id)
        assert body["status"] == "staged"
        assert who(body) == {str(account.tenant_1): "contract"}
        # ... while no contact sees it yet.
        mine = await service.client.get(
            "/api/documents/my/documents", headers=account.contact(account.tenant_1)
        )
        assert mine.json()["items"] == []

    async def test_a_staged_document_without_audience_is_422(
        self, service: Service, account: Account
    ) -> None:
        document_id = await stage(service, account)
        response = await service.client.get(
            f"/api/documents/documents/{document_id}/audience", headers=account.staff
        )
        assert response.status_code == 422
        assert response.json()["code"] == "audience_missing"
        assert "Freigabe" in response.json()["message"]


class TestAccess:
    async def test_another_account_an_unknown_document_and_contacts(
        self, service: Service, account: Account
    ) -> None:
        document_id = await publish(service, account, groups=["tenants"])
        other = await service.account()
        path = f"/api/documents/documents/{document_id}/audience"
        assert (await service.client.get(path, headers=other.staff)).status_code == 404
        unknown = f"/api/documents/documents/{uuid.uuid4()}/audience"
        assert (await service.client.get(unknown, headers=account.staff)).status_code == 404
        contact = account.contact(account.tenant_1)
        assert (await service.client.get(path, headers=contact)).status_code == 403
        assert (await service.client.get(path)).status_code == 401

    async def test_a_malformed_date_is_422(self, service: Service, account: Account) -> None:
        document_id = await publish(service, account, groups=["tenants"])
        response = await service.client.get(
            f"/api/documents/documents/{document_id}/audience",
            params={"on": "10.12.2026"},
            headers=account.staff,
        )
        assert response.status_code == 422
