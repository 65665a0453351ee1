"""SmartPost letters: a published letter is a document of its one contact, served from the
object smartpost wrote; withdrawn or its serial letter deleted, it is gone."""

from __future__ import annotations

import asyncio
import uuid
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from hausportal.contracts.documents import DocumentDeleted, DocumentPublished
from hausportal.contracts.smartpost import (
    LetterPublished,
    LetterRef,
    LetterWithdrawn,
    SerialLetterDeleted,
    SerialLetterRef,
)

if TYPE_CHECKING:  # fixtures' types; conftest is not importable under importlib mode
    from conftest import Account, Service

LETTER = b"%PDF-1.7\nSehr geehrter Herr Mieter,\n" * 40


async def visible_ids(service: Service, headers: dict[str, str]) -> list[str]:
    response = await service.client.get("/api/documents/my/documents", headers=headers)
    assert response.status_code == 200, response.text
    return [d["id"] for d in response.json()["items"]]


async def publish_letter(
    service: Service, account: Account, content: bytes = LETTER, **payload: Any
) -> LetterPublished:
    payload.setdefault("contact_id", account.tenant_1)
    payload.setdefault("unit_id", account.unit_1)
    event = await service.letter(account, content, **payload)
    await service.announce(event)
    return event


async def events_of(service: Service, kind: type[Any]) -> list[Any]:
    return [e for e in await service.outbox_events() if isinstance(e, kind)]


class TestLetterPublished:
    async def test_only_its_contact_sees_the_letter_and_downloads_smartposts_object(
        self, service: Service, account: Account
    ) -> None:
        event = await publish_letter(service, account, contact_id=account.tenant_1)
        letter_id = str(event.payload.letter_id)

        tenant = account.contact(account.tenant_1)
        listed = await service.client.get("/api/documents/my/documents", headers=tenant)
        [item] = listed.json()["items"]
        assert item["id"] == letter_id
        assert item["personal"] is True
        assert item["title"] == "Einladung zur Eigentümerversammlung"
        # The owner of the same unit, the other unit's tenant and the resident see nothing.
        for other in (account.owner_1, account.tenant_2, account.resident):
            assert await visible_ids(service, account.contact(other)) == []
            other_content = await service.client.get(
                f"/api/documents/my/documents/{letter_id}/content",
                headers=account.contact(other),
            )
            assert other_content.status_code == 404

        content = await service.client.get(
            f"/api/documents/my/documents/{letter_id}/content", headers=tenant
        )
        assert content.status_code == 200
        assert content.content == LETTER
        assert content.headers["content-type"] == "application/pdf"
        # Served from smartpost's object: nothing copied under the documents prefix.
        assert await service.stored_keys(f"{account.account_id}/documents/") == []
        assert await service.stored_keys(f"{account.account_id}/smartpost/") == [
            event.payload.object_key
        ]

    async def test_the_letter_is_announced_like_an_individually_shared_document(
        self, service: Service, account: Account
    ) -> None:
        event = await publish_letter(service, account, notify_now=True)

        [published] = await service.outbox_events()
        assert isinstance(published, DocumentPublished)
        p = published.payload
        assert published.account_id == account.account_id
        assert p.document_id == event.payload.letter_id
        assert p.audience.contact_id == account.tenant_1
        assert p.audience.groups == frozenset()
        assert (p.property_id, p.unit_id) == (account.property_id, account.unit_1)
        assert p.notify_now is True
        assert p.published_by == account.staff_id
        assert p.published_at == event.payload.published_at
        assert (p.content_type, p.size, p.sha256) == (
            "application/pdf",
            len(LETTER),
            event.payload.sha256,
        )
        assert p.document_type == "Rundschreiben"

    async def test_staff_see_where_it_came_from_and_filter_by_serial_letter(
        self, service: Service, account: Account
    ) -> None:
        serial_letter_id = uuid.uuid4()
        first = await publish_letter(service, account, serial_letter_id=serial_letter_id)
        second = await publish_letter(
            service, account, serial_letter_id=serial_letter_id, contact_id=account.owner_1
        )
        await publish_letter(service, account)  # another serial letter's
        uploaded = await service.upload(
            account.staff,
            [("Hausordnung.pdf", b"%PDF hausordnung")],
            property_id=account.property_id,
            groups=["tenants"],
        )
        assert uploaded.status_code == 201, uploaded.text
        assert uploaded.json()[0]["serial_letter_id"] is None

        everything = await service.client.get("/api/documents/documents", headers=account.staff)
        assert everything.json()["total"] == 4
        of_serial_letter = await service.client.get(
            "/api/documents/documents",
            params={"serial_letter_id": str(serial_letter_id)},
            headers=account.staff,
        )
        items = of_serial_letter.json()["items"]
        assert {d["id"] for d in items} == {
            str(first.payload.letter_id),
            str(second.payload.letter_id),
        }
        one = next(d for d in items if d["id"] == str(first.payload.letter_id))
        assert one["serial_letter_id"] == str(serial_letter_id)
        assert one["audience"] == {
            "groups": [],
            "internal": False,
            "contact_id": str(account.tenant_1),
        }
        assert one["status"] == "published"
        assert one["created_by"] == str(account.staff_id)
        assert one["file_name"] == "Einladung.pdf"

    async def test_the_same_event_twice_and_a_resent_letter_are_one_document(
        self, service: Service, account: Account
    ) -> None:
        event = await publish_letter(service, account)
        await service.announce(event)  # redelivered
        # smartpost retried: the same letter under a new event id, even with other details.
        resent = event.model_copy(
            update={
                "id": uuid.uuid4(),
                "payload": event.payload.model_copy(update={"title": "Zweiter Versuch"}),
            }
        )
        await service.announce(resent)

        [item] = (
            await service.client.get(
                "/api/documents/my/documents", headers=account.contact(account.tenant_1)
            )
        ).json()["items"]
        assert item["title"] == "Einladung zur Eigentümerversammlung"
        listed = await service.client.get("/api/documents/documents", headers=account.staff)
        assert listed.json()["total"] == 1
        assert len(await events_of(service, DocumentPublished)) == 1


class TestDocumentType:
    async def test_a_known_type_gets_the_accounts_spelling_and_none_is_sonstiges(
        self, service: Service, account: Account
    ) -> None:
        known = await publish_letter(service, account, document_type="  abrechnung ")
        untyped = await publish_letter(service, account, document_type="")
        types = {
            e.payload.document_id: e.payload.document_type
            for e in await events_of(service, DocumentPublished)
        }
        assert types == {
            known.payload.letter_id: "Abrechnung",
            untyped.payload.letter_id: "Sonstiges",
        }

    async def test_a_type_the_account_does_not_have_becomes_one(
        self, service: Service, account: Account
    ) -> None:
        event = await publish_letter(service, account, document_type="Mieterhöhung")
        document = await service.client.get(
            f"/api/documents/documents/{event.payload.letter_id}", headers=account.staff
        )
        assert document.json()["document_type"] == "Mieterhöhung"
        types = await service.client.get("/api/documents/document-types", headers=account.staff)
        assert "Mieterhöhung" in {t["name"] for t in types.json()}
        # A second letter of that type files under it, not under a second copy.
        await publish_letter(service, account, document_type="MIETERHÖHUNG")
        again = await service.client.get("/api/documents/document-types", headers=account.staff)
        assert [t["name"] for t in again.json()].count("Mieterhöhung") == 1
        assert "MIETERHÖHUNG" not in {t["name"] for t in again.json()}


class TestRefusedLetters:
    async def test_an_object_outside_the_accounts_smartpost_prefix_is_never_served(
        self, service: Service, account: Account
    ) -> None:
        other = await service.account()
        foreign = await service.letter(other, b"%PDF fremd", contact_id=other.tenant_1)
        uploaded = await service.upload(
            account.staff,
            [("Intern.pdf", b"%PDF intern")],
            property_id=account.property_id,
            internal=True,
        )
        upload_key = f"{account.account_id}/documents/{uploaded.json()[0]['id']}"
        for key in (foreign.payload.object_key, upload_key):
            event = await service.letter(account, LETTER, contact_id=account.tenant_1)
            await service.announce(
                event.model_copy(
                    update={"payload": event.payload.model_copy(update={"object_key": key})}
                )
            )
        assert await visible_ids(service, account.contact(account.tenant_1)) == []
        published = [e.payload.document_id for e in await events_of(service, DocumentPublished)]
        assert published == [uuid.UUID(uploaded.json()[0]["id"])]  # the upload's only


class TestWithdrawing:
    async def test_a_withdrawn_letter_disappears_is_announced_and_stays_deleted(
        self, service: Service, account: Account
    ) -> None:
        event = await publish_letter(service, account)
        tenant = account.contact(account.tenant_1)
        letter_id = str(event.payload.letter_id)
        assert await visible_ids(service, tenant) == [letter_id]

        await service.announce(service.withdrawal(event))
        assert await visible_ids(service, tenant) == []
        content = await service.client.get(
            f"/api/documents/my/documents/{letter_id}/content", headers=tenant
        )
        assert content.status_code == 404
        staff_view = await service.client.get(
            f"/api/documents/documents/{letter_id}", headers=account.staff
        )
        assert staff_view.json()["status"] == "deleted"
        [deleted] = await events_of(service, DocumentDeleted)
        assert str(deleted.payload.document_id) == letter_id
        assert deleted.payload.unit_id == account.unit_1

        # Published again under the same letter id: a withdrawal is final.
        await service.announce(event.model_copy(update={"id": uuid.uuid4()}))
        await service.announce(service.withdrawal(event))
        assert await visible_ids(service, tenant) == []
        assert len(await events_of(service, DocumentPublished)) == 1
        assert len(await events_of(service, DocumentDeleted)) == 1

    async def test_deleting_the_serial_letter_removes_each_of_its_letters(
        self, service: Service, account: Account
    ) -> None:
        serial_letter_id = uuid.uuid4()
        to_tenant = await publish_letter(service, account, serial_letter_id=serial_letter_id)
        to_owner = await publish_letter(
            service, account, serial_letter_id=serial_letter_id, contact_id=account.owner_1
        )
        unlisted = await publish_letter(
            service,
            account,
            serial_letter_id=serial_letter_id,
            contact_id=account.tenant_2,
            unit_id=account.unit_2,
        )
        kept = await publish_letter(service, account)  # of another serial letter
        await service.announce(
            SerialLetterDeleted(
                account_id=account.account_id,
                payload=SerialLetterRef(
                    serial_letter_id=serial_letter_id,
                    # One that never arrived is ignored; one left out goes with its letter.
                    letter_ids=(
                        to_tenant.payload.letter_id,
                        to_owner.payload.letter_id,
                        uuid.uuid4(),
                    ),
                ),
            )
        )

        assert await visible_ids(service, account.contact(account.tenant_1)) == [
            str(kept.payload.letter_id)
        ]
        assert await visible_ids(service, account.contact(account.owner_1)) == []
        assert await visible_ids(service, account.contact(account.tenant_2)) == []
        deleted = {e.payload.document_id for e in await events_of(service, DocumentDeleted)}
        assert deleted == {
            to_tenant.payload.letter_id,
            to_owner.payload.letter_id,
            unlisted.payload.letter_id,
        }

    async def test_a_withdrawal_naming_an_uploaded_document_or_nothing_changes_nothing(
        self, service: Service, account: Account
    ) -> None:
        uploaded = await service.upload(
            account.staff,
            [("Vertrag.pdf", b"%PDF vertrag")],
            property_id=account.property_id,
            contact_id=account.tenant_1,
        )
        document_id = uuid.UUID(uploaded.json()[0]["id"])
        for letter_id in (document_id, uuid.uuid4()):
            await service.announce(
                LetterWithdrawn(
                    account_id=account.account_id,
                    payload=LetterRef(
                        letter_id=letter_id,
                        serial_letter_id=uuid.uuid4(),
                        contact_id=account.tenant_1,
                        property_id=account.property_id,
                    ),
                )
            )
        assert await visible_ids(service, account.contact(account.tenant_1)) == [str(document_id)]
        assert await events_of(service, DocumentDeleted) == []


class TestPurge:
    async def test_the_purge_never_deletes_an_object_smartpost_owns(
        self, start_service: Any
    ) -> None:
        async with start_service(deleted_retention_days=30, purge_interval_seconds=0.05) as service:
            account = await service.account()
            letter = await publish_letter(service, account)
            uploaded = await service.upload(
                account.staff,
                [("Alt.pdf", b"%PDF alt")],
                property_id=account.property_id,
                groups=["owners"],
            )
            document_id = uploaded.json()[0]["id"]
            await service.announce(service.withdrawal(letter))
            deleted = await service.client.delete(
                f"/api/documents/documents/{document_id}", headers=account.staff
            )
            assert deleted.status_code == 204

            service.clock.advance(timedelta(days=31))
            upload_key = f"{account.account_id}/documents/{document_id}"
            # The purge ran (the upload's object is gone) and left smartpost's letter alone.
            assert await service.wait_until_gone(upload_key)
            await asyncio.sleep(0.2)  # more rounds
            assert await service.stored_keys(letter.payload.object_key) == [
                letter.payload.object_key
            ]
