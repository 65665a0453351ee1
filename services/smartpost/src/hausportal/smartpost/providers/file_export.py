"""The file export provider: the print file and its manifest (CSV and JSON) in object storage,
for managers who print with their own print service.

Everything of an order lands in ``<account>/smartpost/orders/<order_id>/``: ``druckdatei.pdf``
(a copy of the print file, unless it already is there), ``manifest.csv`` and ``manifest.json``.
The order is created, accepted and sent at once: from then on the manager prints, so there is
nothing left to cancel.
"""

from __future__ import annotations

import csv
import io
import json
import uuid
from datetime import UTC, datetime

from pydantic import TypeAdapter

from hausportal.kit.clock import Clock
from hausportal.kit.storage.port import ObjectStorage
from hausportal.smartpost.engine.dispatch import ColourMode
from hausportal.smartpost.engine.printcheck import ProviderLimits
from hausportal.smartpost.providers.port import (
    CancelRefused,
    Envelope,
    OrderRecord,
    OrderState,
    PrintOrder,
    ProviderOrder,
    new_record,
)
from hausportal.smartpost.providers.records import OrderBook, order_folder

CSV_COLUMNS = (
    "Umschlag",
    "Kontakt",
    "Name",
    "Adresse",
    "Land",
    "Seiten",
    "Blätter",
    "Erste Seite",
    "Optionen",
)
PRINT_FILE_NAME = "druckdatei.pdf"
ALREADY_EXPORTED = (
    "Die Druckdatei und die Versandliste sind bereits exportiert; "
    "Druck und Versand übernehmen Sie selbst."
)
# Excel runs a cell starting with one of these as a formula, even from a CSV file.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_ENVELOPES = TypeAdapter(tuple[Envelope, ...])


class FileExportProvider:
    """The exports of one account. Exporting the same order again is the same export."""

    name = "file_export"
    # The manager's own print service decides: no limit here.
    limits = ProviderLimits()

    def __init__(self, *, storage: ObjectStorage, clock: Clock, account_id: uuid.UUID) -> None:
        self.storage = storage
        self.clock = clock
        self.account_id = account_id
        self._book = OrderBook(storage, account_id, "export.json")

    def folder(self, order_id: uuid.UUID) -> str:
        return order_folder(self.account_id, order_id)

    def print_file_key(self, order_id: uuid.UUID) -> str:
        return f"{self.folder(order_id)}/{PRINT_FILE_NAME}"

    def manifest_key(self, order_id: uuid.UUID, extension: str) -> str:
        return f"{self.folder(order_id)}/manifest.{extension}"

    async def submit(self, order: PrintOrder) -> ProviderOrder:
        async with self._book.lock(order.order_id):
            record = await self._book.submitted_before(order)
            if record is None:
                await self._book.ensure_print_file(order.print_file_key)
                record = await self._export(order)
            return self._view(record)

    async def cancel(self, order_id: uuid.UUID) -> ProviderOrder:
        view = await self.status(order_id)
        raise CancelRefused(ALREADY_EXPORTED, view)

    async def status(self, order_id: uuid.UUID) -> ProviderOrder:
        return self._view(await self._book.get(order_id))

    async def _export(self, order: PrintOrder) -> OrderRecord:
        # The record is written last: an export that broke off is done again in full.
        now = self.clock.now().astimezone(UTC)
        copy_key = self.print_file_key(order.order_id)
        if order.print_file_key != copy_key:
            await self.storage.put(
                copy_key, self.storage.get(order.print_file_key), content_type="application/pdf"
            )
        await self.storage.put(
            self.manifest_key(order.order_id, "csv"),
            manifest_csv(order),
            content_type="text/csv; charset=utf-8",
        )
        await self.storage.put(
            self.manifest_key(order.order_id, "json"),
            manifest_json(order, print_file_key=copy_key, exported_at=now),
            content_type="application/json",
        )
        record = new_record(order, reference=self.folder(order.order_id), at=now)
        record = record.moved_to(OrderState.ACCEPTED, at=now, note="Export angelegt")
        record = record.moved_to(
            OrderState.SENT, at=now, note="Druckdatei und Versandliste bereitgestellt"
        )
        await self._book.save(record)
        return record

    def _view(self, record: OrderRecord) -> ProviderOrder:
        return record.seen_by(self.name, cancellable_until=None, why_not=ALREADY_EXPORTED)


def manifest_csv(order: PrintOrder) -> bytes:
    """Semicolon-separated UTF-8 with a byte order mark: what German Excel opens with its
    umlauts intact. The address lines are joined with ", "; the JSON keeps them apart."""
    text = io.StringIO()
    writer = csv.writer(text, delimiter=";", lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    options = order.options.label_de()
    for envelope in order.manifest:
        writer.writerow(
            [
                envelope.number,
                envelope.contact_id,
                _cell(envelope.recipient_name),
                _cell(", ".join(envelope.address_lines)),
                _cell(envelope.country),
                envelope.pages,
                envelope.sheets,
                envelope.first_page,
                options,
            ]
        )
    return text.getvalue().encode("utf-8-sig")


def manifest_json(order: PrintOrder, *, print_file_key: str, exported_at: datetime) -> bytes:
    document = {
        "order_id": str(order.order_id),
        "account_id": str(order.account_id),
        "print_file": print_file_key,
        "ordered_by": str(order.ordered_by),
        "ordered_at": order.ordered_at.astimezone(UTC).isoformat(),
        "exported_at": exported_at.isoformat(),
        "options": {
            "colour": order.options.colour is ColourMode.colour,
            "duplex": order.options.duplex,
            "duplex_optimised": order.options.duplex_optimised,
            "registered": order.options.registered,
            "label": order.options.label_de(),
        },
        "totals": {
            "envelopes": len(order.manifest),
            "pages": sum(envelope.pages for envelope in order.manifest),
            "sheets": sum(envelope.sheets for envelope in order.manifest),
        },
        "envelopes": _ENVELOPES.dump_python(order.manifest, mode="json"),
    }
    return json.dumps(document, ensure_ascii=False, indent=2).encode()


def _cell(value: str) -> str:
    return f"'{value}" if value.startswith(_FORMULA_STARTS) else value
