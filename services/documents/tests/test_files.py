"""What happens to the files themselves: limits, empty files, names, types, storage keys."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest

from hausportal.documents.documents.files import sanitise_file_name
from hausportal.documents.settings import DocumentsSettings
from hausportal.kit.uploads import content_type_of

if TYPE_CHECKING:  # fixtures' types; conftest is not importable under importlib mode
    from conftest import Account, Service


class TestSizeLimit:
    async def test_over_the_limit_is_413_naming_the_file_and_nothing_stays(
        self, start_service: Any
    ) -> None:
        async with start_service(max_upload_bytes=1000) as service:
            account = await service.account()
            response = await service.upload(
                account.staff,
                [("klein.pdf", b"x" * 1000), ("gross.pdf", b"x" * 1001)],
                property_id=account.property_id,
                groups=["owners"],
            )
            assert response.status_code == 413, response.text
            body = response.json()
            assert body["code"] == "file_too_large"
            assert "„gross.pdf“" in body["message"]
            assert "1000 Bytes" in body["message"]
            # The first file was stored before the second failed: it is gone again.
            assert await service.stored_keys("") == []
            listed = await service.client.get("/api/documents/documents", headers=account.staff)
            assert listed.json()["total"] == 0
            assert await service.outbox_events() == []
            leftovers = list((service.runtime.settings.storage_local_path / ".tmp").iterdir())
            assert leftovers == []


class TestEmptyFiles:
    async def test_an_empty_file_is_422_naming_it(self, service: Service, account: Account) -> None:
        response = await service.upload(
            account.staff,
            [("voll.pdf", b"%PDF"), ("leer.pdf", b"")],
            property_id=account.property_id,
            groups=["owners"],
        )
        assert response.status_code == 422
        assert response.json()["message"] == "Die Datei „leer.pdf“ ist leer."
        assert await service.stored_keys("") == []


class TestFileNames:
    @pytest.mark.parametrize(
        ("sent", "kept"),
        [
            ("../../etc/passwd", "passwd"),
            ("C:\\x\\y.pdf", "y.pdf"),
            ("Rech\x00nung\x1f 2025.pdf", "Rechnung 2025.pdf"),
            ("evil\u202efdp.exe", "evilfdp.exe"),
            ("..", "Dokument"),
            ("a/b/", "Dokument"),
            ("   ", "Dokument"),
            ("", "Dokument"),
            (None, "Dokument"),
            ("Übersicht Wohnungen.xlsx", "Übersicht Wohnungen.xlsx"),
        ],
    )
    def test_names_are_sanitised(self, sent: str | None, kept: str) -> None:
        assert sanitise_file_name(sent) == kept

    def test_long_names_keep_their_extension(self) -> None:
        name = sanitise_file_name("a" * 400 + ".pdf")
        assert len(name) == 255
        assert name.endswith(".pdf")

    async def test_an_uploaded_path_keeps_only_its_last_part(
        self, service: Service, account: Account
    ) -> None:
        response = await service.upload(
            account.staff,
            [("../../etc/passwd", b"root:x:0:0"), ("C:\\x\\y.pdf", b"%PDF")],
            property_id=account.property_id,
            internal=True,
        )
        assert response.status_code == 201, response.text
        first, second = response.json()
        assert (first["file_name"], first["title"]) == ("passwd", "passwd")
        assert second["file_name"] == "y.pdf"
        assert second["content_type"] == "application/pdf"
        keys = await service.stored_keys(f"{account.account_id}/documents/")
        assert sorted(keys) == sorted(
            f"{account.account_id}/documents/{d['id']}" for d in response.json()
        )
        content = await service.client.get(
            f"/api/documents/documents/{second['id']}/content", headers=account.staff
        )
        assert content.headers["content-disposition"] == (
            "attachment; filename=\"y.pdf\"; filename*=UTF-8''y.pdf"
        )


class TestContentTypes:
    @pytest.mark.parametrize(
        ("declared", "name", "kept"),
        [
            ("application/pdf", "x.bin", "application/pdf"),
            ("text/plain; charset=utf-8", "x.txt", "text/plain"),
            ("application/octet-stream", "Plan.pdf", "application/pdf"),
            (None, "Liste.csv", "text/csv"),
            ("not a type", "Foto.png", "image/png"),
            (None, "ohne-endung", "application/octet-stream"),
        ],
    )
    def test_declared_type_or_guessed_by_extension(
        self, declared: str | None, name: str, kept: str
    ) -> None:
        assert content_type_of(declared, name) == kept

    async def test_the_declared_type_is_kept(self, service: Service, account: Account) -> None:
        response = await service.client.post(
            "/api/documents/documents",
            headers=account.staff,
            files=[("files", ("scan", b"\x89PNG", "image/png"))],
            data={"property_id": str(account.property_id), "internal": "true"},
        )
        assert response.status_code == 201, response.text
        assert response.json()[0]["content_type"] == "image/png"


class TestFormFields:
    async def test_empty_optional_fields_count_as_not_given(
        self, service: Service, account: Account
    ) -> None:
        # What a plain HTML form sends for fields left blank.
        response = await service.client.post(
            "/api/documents/documents",
            headers=account.staff,
            files=[("files", ("a.pdf", b"%PDF"))],
            data={
                "property_id": str(account.property_id),
                "unit_id": "",
                "contact_id": "",
                "document_type": "",
                "title": "",
                "groups": "owners",
            },
        )
        assert response.status_code == 201, response.text
        [document] = response.json()
        assert document["unit_id"] is None
        assert document["document_type"] == "Sonstiges"
        assert document["title"] == "a.pdf"


class TestSettings:
    def test_limits_come_from_the_environment(self, monkeypatch: pytest.MonkeyPatch) -> None:
        base = {
            "environment": "development",
            "database_url": "sqlite+aiosqlite:///x.db",
            "jwt_secret": "y" * 40,
        }
        defaults = DocumentsSettings(**base)
        assert defaults.max_upload_bytes == 50 * 1024 * 1024
        assert defaults.deleted_retention_days == 30
        monkeypatch.setenv("DOCUMENTS_MAX_UPLOAD_BYTES", "1234")
        monkeypatch.setenv("DOCUMENTS_DELETED_RETENTION_DAYS", "7")
        configured = DocumentsSettings(**base)
        assert configured.max_upload_bytes == 1234
        assert configured.deleted_retention_days == 7
