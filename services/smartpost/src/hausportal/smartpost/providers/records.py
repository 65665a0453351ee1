"""Order records of a provider kept in object storage, one JSON document per order, so a new
provider instance (a restart, another replica) sees the same orders."""

from __future__ import annotations

import asyncio
import uuid

from pydantic import TypeAdapter

from hausportal.kit.storage.port import (
    ObjectNotFound,
    ObjectStorage,
    StorageAccessDenied,
    StorageError,
)
from hausportal.smartpost.providers.port import (
    OrderConflict,
    OrderNotFound,
    OrderRecord,
    PrintFileMissing,
    PrintOrder,
    ProviderUnavailable,
)

_RECORD = TypeAdapter(OrderRecord)


def order_folder(account_id: uuid.UUID, order_id: uuid.UUID) -> str:
    """Where everything of one order lives: the export's files and the providers' records."""
    return f"{account_id}/smartpost/orders/{order_id}"


class OrderBook:
    """The records of one account at one provider. Calls of one instance are serialised by
    ``lock``; two instances writing the same order at once both write what the order's
    deterministic reference and history make the same document."""

    def __init__(self, storage: ObjectStorage, account_id: uuid.UUID, record_name: str) -> None:
        self.storage = storage
        self.account_id = account_id
        self.record_name = record_name  # the file name of a record in the order's folder
        self.lock = asyncio.Lock()

    def key_of(self, order_id: uuid.UUID) -> str:
        return f"{order_folder(self.account_id, order_id)}/{self.record_name}"

    async def get(self, order_id: uuid.UUID) -> OrderRecord:
        record = await self.load(order_id)
        if record is None:
            raise OrderNotFound(order_id)
        return record

    async def submitted_before(self, order: PrintOrder) -> OrderRecord | None:
        """The record of this order when it was submitted before, else None; ``OrderConflict``
        when its id was used for a different order."""
        if order.account_id != self.account_id:
            raise ValueError("the order belongs to another account than this provider's")
        record = await self.load(order.order_id)
        if record is not None and record.order != order:
            raise OrderConflict(order.order_id)
        return record

    async def ensure_print_file(self, key: str) -> None:
        try:
            await self.storage.stat(key)
        except ObjectNotFound as error:
            raise PrintFileMissing(key) from error
        except StorageAccessDenied:
            raise
        except StorageError as error:
            raise ProviderUnavailable(str(error)) from error

    async def load(self, order_id: uuid.UUID) -> OrderRecord | None:
        try:
            content = b"".join([chunk async for chunk in self.storage.get(self.key_of(order_id))])
        except ObjectNotFound:
            return None
        except StorageAccessDenied:
            raise
        except StorageError as error:
            raise ProviderUnavailable(str(error)) from error
        return _RECORD.validate_json(content)

    async def save(self, record: OrderRecord) -> None:
        try:
            await self.storage.put(
                self.key_of(record.order.order_id),
                _RECORD.dump_json(record, indent=2),
                content_type="application/json",
            )
        except StorageAccessDenied:
            raise
        except StorageError as error:
            raise ProviderUnavailable(str(error)) from error
