"""Order records of a provider kept in object storage, one JSON document per order, so a new
provider instance (a restart, another replica) sees the same orders."""

from __future__ import annotations

import asyncio
import uuid
import weakref

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
# One lock per order record while anyone holds or waits for it.
_ORDER_LOCKS: weakref.WeakValueDictionary[str, asyncio.Lock] = weakref.WeakValueDictionary()


def order_folder(account_id: uuid.UUID, order_id: uuid.UUID) -> str:
    """Where everything of one order lives: the export's files and the providers' records."""
    return f"{account_id}/smartpost/orders/{order_id}"


class OrderBook:
    """The records of one account at one provider.

    Calls about one order are serialised within the process, however many provider instances
    there are (the service may build one per request). Across processes nothing is locked
    (the storage has no conditional put): the caller's job lease keeps one order with one
    worker, and two submits of the same order still give it the same reference.
    """

    def __init__(self, storage: ObjectStorage, account_id: uuid.UUID, record_name: str) -> None:
        self.storage = storage
        self.account_id = account_id
        self.record_name = record_name  # the file name of a record in the order's folder

    def lock(self, order_id: uuid.UUID) -> asyncio.Lock:
        key = self.key_of(order_id)
        lock = _ORDER_LOCKS.get(key)
        if lock is None:
            lock = _ORDER_LOCKS[key] = asyncio.Lock()
        return lock

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
