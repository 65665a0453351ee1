"""Staff upload files and publish them in one step; events leave through the outbox."""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING

from hausportal.contracts.documents import DocumentPublished, Group

if TYPE_CHECKING:  # fixtures' types; conftest is not importable under importlib mode
    from conftest import Account, Service

PDF = b"%PDF-1.7\n" + b"Abrechnung 2025\n" * 100


class TestUploadOneFile:
    async def test_staff_upload_one_file_and_it_is_published(
        self, service: Service, account: Account
    ) -> None:
        response = await service.upload(
            account.staff,
            [("Heizkosten 2025.pdf", PDF)],
            property_id=account.property_id,
            groups=["tenants"],
        )
        assert response.status_code == 201, response.text
        [document] = response.json()
        assert document["title"] == "Heizkosten 2025.pdf"
        assert document["file_name"] == "Heizkosten 2025.pdf"
        assert document["document_type"] == "Sonstiges"
        assert document["content_type"] == "application/pdf"
        assert document["size"] == len(PDF)
        assert document["sha256"] == hashlib.sha256(PDF).hexdigest()
        assert document["status"] == "published"
        assert document["audience"] == {
            "groups": ["tenants"],
            "internal": False,
            "contact_id": None,
        }
        assert document["created_by"] == str(account.staff_id)

        content = await service.client.get(
            f"/api/documents/documents/{document['id']}/content", headers=account.staff
        )
        assert content.content == PDF
        assert "attachment" in content.headers["content-disposition"]

    async def test_the_published_event_describes_the_document(
        self, service: Service, account: Account
    ) -> None:
        response = await service.upload(
            account.staff,
            [("Protokoll.pdf", PDF)],
            property_id=account.property_id,
            unit_id=account.unit_1,
            document_type="Protokoll",
            title="Protokoll der Versammlung",
            groups=["owners", "tenants"],
            notify_now=True,
        )
        assert response.status_code == 201, response.text
        [event] = await service.outbox_events()
        assert isinstance(event, DocumentPublished)
        payload = event.payload
        assert event.account_id == account.account_id
        assert str(payload.document_id) == response.json()[0]["id"]
        assert payload.property_id == account.property_id
        assert payload.unit_id == account.unit_1
        assert payload.title == "Protokoll der Versammlung"
        assert payload.document_type == "Protokoll"
        assert payload.audience.groups == {Group.owners, Group.tenants}
        assert payload.notify_now is True
        assert payload.published_by == account.staff_id
        assert payload.sha256 == hashlib.sha256(PDF).hexdigest()
        assert payload.published_at == service.clock.now()


class TestUploadSeveralFiles:
    async def test_each_file_becomes_a_published_document_with_its_event(
        self, service: Service, account: Account
    ) -> None:
        files = [(f"Rundschreiben {n}.pdf", PDF + bytes([n])) for n in range(3)]
        response = await service.upload(
            account.staff,
            files,
            property_id=account.property_id,
            document_type="rundschreiben",
            groups="owners,tenants",
        )
        assert response.status_code == 201, response.text
        documents = response.json()
        assert [d["title"] for d in documents] == [name for name, _ in files]
        assert {d["document_type"] for d in documents} == {"Rundschreiben"}
        events = await service.outbox_events()
        assert sorted(str(e.payload.document_id) for e in events) == sorted(
            d["id"] for d in documents
        )
        listed = await service.client.get("/api/documents/documents", headers=account.staff)
        assert listed.json()["total"] == 3

    async def test_a_title_needs_a_single_file(self, service: Service, account: Account) -> None:
        response = await service.upload(
            account.staff,
            [("a.pdf", PDF), ("b.pdf", PDF)],
            property_id=account.property_id,
            groups=["owners"],
            title="Zwei Dateien",
        )
        assert response.status_code == 422
        assert response.json()["code"] == "title_needs_single_file"
        assert await service.stored_keys(f"{account.account_id}/") == []


class TestAudienceIsExactlyOneKind:
    async def test_none_chosen(self, service: Service, account: Account) -> None:
        response = await service.upload(
            account.staff, [("a.pdf", PDF)], property_id=account.property_id
        )
        assert response.status_code == 422
        assert response.json()["message"].startswith("Bitte wählen Sie genau eine Freigabe")

    async def test_several_chosen(self, service: Service, account: Account) -> None:
        response = await service.upload(
            account.staff,
            [("a.pdf", PDF)],
            property_id=account.property_id,
            groups=["owners"],
            internal=True,
        )
        assert response.status_code == 422
        assert response.json()["code"] == "audience_ambiguous"

    async def test_unknown_group(self, service: Service, account: Account) -> None:
        response = await service.upload(
            account.staff, [("a.pdf", PDF)], property_id=account.property_id, groups=["Mieter"]
        )
        assert response.status_code == 422
        assert "Mieter" in response.json()["message"]

    async def test_residents_belong_to_the_property_not_a_unit(
        self, service: Service, account: Account
    ) -> None:
        response = await service.upload(
            account.staff,
            [("a.pdf", PDF)],
            property_id=account.property_id,
            unit_id=account.unit_1,
            groups=["residents"],
        )
        assert response.status_code == 422
        assert response.json()["code"] == "residents_need_property"


class TestUnknownPlaces:
    async def test_unknown_property(self, service: Service, account: Account) -> None:
        response = await service.upload(
            account.staff, [("a.pdf", PDF)], property_id=account.unit_1, groups=["owners"]
        )
        assert response.status_code == 404
        assert response.json()["message"] == "Die Liegenschaft wurde nicht gefunden."

    async def test_unit_of_another_property(self, service: Service, account: Account) -> None:
        other = await service.account()
        response = await service.upload(
            account.staff,
            [("a.pdf", PDF)],
            property_id=account.property_id,
            unit_id=other.unit_1,
            groups=["owners"],
        )
        assert response.status_code == 404
        assert response.json()["message"] == "Die Einheit wurde nicht gefunden."

    async def test_property_of_another_account(self, service: Service, account: Account) -> None:
        other = await service.account()
        response = await service.upload(
            account.staff, [("a.pdf", PDF)], property_id=other.property_id, groups=["owners"]
        )
        assert response.status_code == 404

    async def test_unknown_contact(self, service: Service, account: Account) -> None:
        other = await service.account()
        response = await service.upload(
            account.staff,
            [("a.pdf", PDF)],
            property_id=account.property_id,
            contact_id=other.tenant_1,
        )
        assert response.status_code == 404
        assert response.json()["message"] == "Der Kontakt wurde nicht gefunden."
        assert await service.stored_keys(f"{account.account_id}/") == []


class TestDocumentTypes:
    async def test_defaults_appear_on_first_use(self, service: Service, account: Account) -> None:
        response = await service.client.get("/api/documents/document-types", headers=account.staff)
        assert response.status_code == 200
        assert [t["name"] for t in response.json()] == [
            "Abrechnung",
            "Protokoll",
            "Rundschreiben",
            "Sonstiges",
            "Vertrag",
        ]

    async def test_a_new_type_can_be_used_and_exists_once(
        self, service: Service, account: Account
    ) -> None:
        url = "/api/documents/document-types"
        created = await service.client.post(url, json={"name": "Wartung"}, headers=account.staff)
        assert created.status_code == 201, created.text
        again = await service.client.post(url, json={"name": "wartung"}, headers=account.staff)
        assert again.status_code == 409
        assert again.json()["message"] == "Die Dokumentart „wartung“ gibt es bereits."
        names = [t["name"] for t in (await service.client.get(url, headers=account.staff)).json()]
        assert "Wartung" in names
        assert "Sonstiges" in names

        uploaded = await service.upload(
            account.staff,
            [("a.pdf", PDF)],
            property_id=account.property_id,
            document_type="Wartung",
            internal=True,
        )
        assert uploaded.status_code == 201
        assert uploaded.json()[0]["document_type"] == "Wartung"

    async def test_an_unknown_type_is_refused(self, service: Service, account: Account) -> None:
        response = await service.upload(
            account.staff,
            [("a.pdf", PDF)],
            property_id=account.property_id,
            document_type="Geheimakte",
            internal=True,
        )
        assert response.status_code == 422
        assert response.json()["code"] == "unknown_document_type"

    async def test_types_are_per_account(self, service: Service, account: Account) -> None:
        url = "/api/documents/document-types"
        await service.client.post(url, json={"name": "Wartung"}, headers=account.staff)
        other = await service.account()
        names = [t["name"] for t in (await service.client.get(url, headers=other.staff)).json()]
        assert "Wartung" not in names
