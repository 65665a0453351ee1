"""Two steps: upload staged documents, adjust them, publish them together."""

from __future__ import annotations

from typing import TYPE_CHECKING

from hausportal.contracts.documents import DocumentPublished

if TYPE_CHECKING:  # fixtures' types; conftest is not importable under importlib mode
    from conftest import Account, Service

PDF = b"%PDF-1.7\nProtokoll\n" * 20


async def stage(service: Service, account: Account, *names: str, **fields: object) -> list[dict]:
    response = await service.upload(
        account.staff,
        [(name, PDF + name.encode()) for name in names],
        path="/api/documents/staging",
        property_id=account.property_id,
        **fields,
    )
    assert response.status_code == 201, response.text
    return list(response.json())


class TestStaging:
    async def test_staged_documents_reach_nobody_and_announce_nothing(
        self, service: Service, account: Account
    ) -> None:
        staged = await stage(service, account, "a.pdf", "b.pdf", groups=["tenants"])
        assert [d["status"] for d in staged] == ["staged", "staged"]
        assert (
            await service.client.get(
                "/api/documents/my/documents", headers=account.contact(account.tenant_1)
            )
        ).json()["items"] == []
        content = await service.client.get(
            f"/api/documents/my/documents/{staged[0]['id']}/content",
            headers=account.contact(account.tenant_1),
        )
        assert content.status_code == 404
        assert await service.outbox_events() == []
        listed = await service.client.get(
            "/api/documents/documents", params={"status": "staged"}, headers=account.staff
        )
        assert listed.json()["total"] == 2

    async def test_stage_adjust_and_publish_together(
        self, service: Service, account: Account
    ) -> None:
        first, second = await stage(service, account, "Protokoll.pdf", "Anlage.pdf")
        assert first["audience"] is None

        publish = {"document_ids": [first["id"], second["id"]], "notify_now": True}
        refused = await service.client.post(
            "/api/documents/publish", json=publish, headers=account.staff
        )
        assert refused.status_code == 422
        assert refused.json()["message"] == "Für „Protokoll.pdf“ ist noch keine Freigabe gewählt."
        assert await service.outbox_events() == []

        changed = await service.client.patch(
            f"/api/documents/documents/{first['id']}",
            json={
                "title": "Protokoll Eigentümerversammlung",
                "document_type": "Protokoll",
                "unit_id": str(account.unit_1),
                "audience": {"groups": ["owners"]},
            },
            headers=account.staff,
        )
        assert changed.status_code == 200, changed.text
        assert changed.json()["title"] == "Protokoll Eigentümerversammlung"
        assert changed.json()["unit_id"] == str(account.unit_1)
        second_changed = await service.client.patch(
            f"/api/documents/documents/{second['id']}",
            json={"audience": {"contact_id": str(account.owner_1)}},
            headers=account.staff,
        )
        assert second_changed.status_code == 200, second_changed.text

        published = await service.client.post(
            "/api/documents/publish", json=publish, headers=account.staff
        )
        assert published.status_code == 200, published.text
        assert [d["status"] for d in published.json()] == ["published", "published"]
        events = await service.outbox_events()
        assert all(isinstance(e, DocumentPublished) for e in events)
        assert [str(e.payload.document_id) for e in events] == [first["id"], second["id"]]
        assert all(e.payload.notify_now for e in events)

        owner = account.contact(account.owner_1)
        seen = await service.client.get("/api/documents/my/documents", headers=owner)
        assert {d["title"] for d in seen.json()["items"]} == {
            "Protokoll Eigentümerversammlung",
            "Anlage.pdf",
        }

        # Publishing again changes nothing and announces nothing.
        again = await service.client.post(
            "/api/documents/publish", json=publish, headers=account.staff
        )
        assert again.status_code == 200
        assert len(await service.outbox_events()) == 2

        # Published documents are final.
        late = await service.client.patch(
            f"/api/documents/documents/{first['id']}", json={"title": "x"}, headers=account.staff
        )
        assert late.status_code == 409

    async def test_adjustments_are_checked_like_uploads(
        self, service: Service, account: Account
    ) -> None:
        [document] = await stage(service, account, "a.pdf", internal=True)
        path = f"/api/documents/documents/{document['id']}"
        other = await service.account()
        cases = [
            ({"unit_id": str(other.unit_1)}, 404),
            ({"audience": {"contact_id": str(other.tenant_1)}}, 404),
            ({"audience": {"groups": ["owners"], "internal": True}}, 422),
            ({"audience": {}}, 422),
            ({"document_type": "Unbekannt"}, 422),
            ({"title": "  "}, 422),
        ]
        for change, status in cases:
            response = await service.client.patch(path, json=change, headers=account.staff)
            assert response.status_code == status, (change, response.text)
        unchanged = await service.client.get(path, headers=account.staff)
        assert unchanged.json()["audience"]["internal"] is True

    async def test_publishing_an_unknown_or_foreign_document_is_404(
        self, service: Service, account: Account
    ) -> None:
        [document] = await stage(service, account, "a.pdf", internal=True)
        other = await service.account()
        response = await service.client.post(
            "/api/documents/publish", json={"document_ids": [document["id"]]}, headers=other.staff
        )
        assert response.status_code == 404
        mine = await service.client.get(
            f"/api/documents/documents/{document['id']}", headers=account.staff
        )
        assert mine.json()["status"] == "staged"
