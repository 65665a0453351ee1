"""The file export: print file, CSV and JSON manifest in object storage, once per order (local
disk and real S3)."""

from __future__ import annotations

import csv
import io
import json
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from hausportal.kit.clock import FixedClock
from hausportal.kit.storage.port import ObjectStorage
from hausportal.smartpost.engine.dispatch import Sides
from hausportal.smartpost.providers import (
    CancelRefused,
    Envelope,
    FileExportProvider,
    OrderNotFound,
    OrderState,
    PrintFileMissing,
    PrintOptions,
    PrintOrder,
)
from hausportal.smartpost.providers.testing import (
    SAMPLE_PDF,
    ProviderStorage,
    provider_storage,
    put_print_file,
    sample_envelopes,
    sample_order,
)

AT = datetime(2026, 6, 17, 9, 30, tzinfo=UTC)
S = OrderState


@pytest.fixture(params=["local", pytest.param("s3", marks=pytest.mark.s3)])
async def backend(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[ProviderStorage]:
    async with provider_storage(request.param, tmp_path / "objects") as found:
        yield found


def exporter(backend: ProviderStorage) -> FileExportProvider:
    return FileExportProvider(
        storage=backend.storage, clock=FixedClock(AT), account_id=backend.account_id
    )


async def an_order(backend: ProviderStorage, **changes: object) -> PrintOrder:
    key = await put_print_file(backend.storage, backend.account_id)
    return sample_order(
        account_id=backend.account_id,
        print_file_key=key,
        ordered_at=AT,
        options=PrintOptions(sides=Sides.duplex, duplex_optimised=True, registered=True),
        **changes,  # type: ignore[arg-type]
    )


async def read(storage: ObjectStorage, key: str) -> bytes:
    return b"".join([chunk async for chunk in storage.get(key)])


def csv_rows(content: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))


class TestExport:
    async def test_the_csv_has_one_row_per_envelope_that_excel_reads_with_umlauts(
        self, backend: ProviderStorage
    ) -> None:
        provider = exporter(backend)
        order = await an_order(backend)

        await provider.submit(order)
        content = await read(backend.storage, provider.manifest_key(order.order_id, "csv"))

        assert content.startswith(b"\xef\xbb\xbf")  # the BOM: Excel then reads UTF-8
        options = "Schwarzweiß, Duplex, duplex-optimiert, Einwurfeinschreiben"
        assert csv_rows(content) == [
            {
                "Umschlag": "1",
                "Kontakt": str(uuid.UUID(int=1)),
                "Name": "Jürgen Müßig",
                "Adresse": "Königstraße 5, 80331 München",
                "Land": "DE",
                "Seiten": "4",
                "Blätter": "2",
                "Erste Seite": "1",
                "Optionen": options,
            },
            {
                "Umschlag": "2",
                "Kontakt": str(uuid.UUID(int=2)),
                "Name": "Åsa Øberg",
                "Adresse": "c/o Hausverwaltung Ähre, Storgatan 1, 111 22 Stockholm",
                "Land": "SE",
                "Seiten": "2",
                "Blätter": "1",
                "Erste Seite": "5",
                "Optionen": options,
            },
            {
                "Umschlag": "3",
                "Kontakt": str(uuid.UUID(int=3)),
                "Name": "Eigentümergemeinschaft Lindenallee",
                "Adresse": "Lindenallee 12, 50968 Köln",
                "Land": "DE",
                "Seiten": "2",
                "Blätter": "1",
                "Erste Seite": "7",
                "Optionen": options,
            },
        ]

    async def test_the_json_has_the_envelopes_address_lines_and_letters(
        self, backend: ProviderStorage
    ) -> None:
        provider = exporter(backend)
        order = await an_order(backend)

        await provider.submit(order)
        document = json.loads(
            await read(backend.storage, provider.manifest_key(order.order_id, "json"))
        )

        assert document["order_id"] == str(order.order_id)
        assert document["print_file"] == provider.print_file_key(order.order_id)
        assert document["options"] == {
            "colour": False,
            "duplex": True,
            "duplex_optimised": True,
            "registered": True,
            "label": "Schwarzweiß, Duplex, duplex-optimiert, Einwurfeinschreiben",
        }
        assert document["totals"] == {"envelopes": 3, "pages": 8, "sheets": 4}
        parsed = tuple(
            Envelope(
                number=entry["number"],
                contact_id=uuid.UUID(entry["contact_id"]),
                recipient_name=entry["recipient_name"],
                address_lines=tuple(entry["address_lines"]),
                country=entry["country"],
                pages=entry["pages"],
                sheets=entry["sheets"],
                first_page=entry["first_page"],
                letter_ids=tuple(uuid.UUID(letter) for letter in entry["letter_ids"]),
            )
            for entry in document["envelopes"]
        )
        assert parsed == sample_envelopes()

    async def test_the_print_file_lies_next_to_the_manifest(self, backend: ProviderStorage) -> None:
        provider = exporter(backend)
        order = await an_order(backend)

        await provider.submit(order)

        folder = f"{backend.account_id}/smartpost/orders/{order.order_id}/"
        names = [found.key.removeprefix(folder) async for found in backend.storage.list(folder)]
        assert names == ["druckdatei.pdf", "export.json", "manifest.csv", "manifest.json"]
        copy = provider.print_file_key(order.order_id)
        assert await read(backend.storage, copy) == SAMPLE_PDF
        assert (await backend.storage.stat(copy)).content_type == "application/pdf"

    async def test_an_export_is_sent_at_once_and_cannot_be_cancelled(
        self, backend: ProviderStorage
    ) -> None:
        provider = exporter(backend)
        order = await an_order(backend)

        exported = await provider.submit(order)
        with pytest.raises(CancelRefused) as refused:
            await provider.cancel(order.order_id)

        assert [(change.state, change.at) for change in exported.history] == [
            (S.CREATED, AT),
            (S.ACCEPTED, AT),
            (S.SENT, AT),
        ]
        assert not exported.cancellable
        assert exported.not_cancellable_reason == refused.value.reason_de
        assert "bereits exportiert" in refused.value.reason_de
        assert (await provider.status(order.order_id)).state is S.SENT

    async def test_a_name_excel_would_run_as_a_formula_is_written_as_text(
        self, backend: ProviderStorage
    ) -> None:
        provider = exporter(backend)
        [first, *rest] = sample_envelopes()
        evil = Envelope(**{**first.__dict__, "recipient_name": '=HYPERLINK("http://x","y")'})
        order = await an_order(backend, manifest=(evil, *rest))

        await provider.submit(order)
        rows = csv_rows(await read(backend.storage, provider.manifest_key(order.order_id, "csv")))

        assert rows[0]["Name"] == '\'=HYPERLINK("http://x","y")'


class TestOnce:
    async def test_exporting_the_same_order_again_is_the_same_export(
        self, backend: ProviderStorage
    ) -> None:
        provider = exporter(backend)
        order = await an_order(backend)
        first = await provider.submit(order)
        csv_key = provider.manifest_key(order.order_id, "csv")
        # What the manager did with the export must not be overwritten by a second submit.
        await backend.storage.put(csv_key, b"vom Verwalter bearbeitet")

        second = await provider.submit(order)
        after_restart = await exporter(backend).submit(order)

        assert second == first
        assert after_restart == first
        assert await read(backend.storage, csv_key) == b"vom Verwalter bearbeitet"

    async def test_a_print_file_already_in_the_folder_is_not_copied(
        self, backend: ProviderStorage
    ) -> None:
        provider = exporter(backend)
        order_id = uuid.uuid4()
        key = provider.print_file_key(order_id)
        await backend.storage.put(key, SAMPLE_PDF, content_type="application/pdf")
        order = sample_order(
            account_id=backend.account_id, print_file_key=key, ordered_at=AT, order_id=order_id
        )

        await provider.submit(order)

        assert await read(backend.storage, key) == SAMPLE_PDF


class TestRefused:
    async def test_a_missing_print_file_exports_nothing(self, backend: ProviderStorage) -> None:
        provider = exporter(backend)
        order = await an_order(backend)
        await backend.storage.delete(order.print_file_key)

        with pytest.raises(PrintFileMissing):
            await provider.submit(order)

        with pytest.raises(OrderNotFound):
            await provider.status(order.order_id)
        folder = f"{backend.account_id}/smartpost/orders/"
        assert [found.key async for found in backend.storage.list(folder)] == []
