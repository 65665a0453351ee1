"""Object storage: the port, its S3 and local-disk adapters, and the factory choosing one."""

from hausportal.kit.storage.factory import create_storage
from hausportal.kit.storage.port import (
    InvalidObjectKey,
    ObjectInfo,
    ObjectNotFound,
    ObjectStorage,
    ObjectSummary,
    ObjectTooLarge,
    StorageAccessDenied,
    StorageError,
    StoredObject,
)

__all__ = [
    "InvalidObjectKey",
    "ObjectInfo",
    "ObjectNotFound",
    "ObjectStorage",
    "ObjectSummary",
    "ObjectTooLarge",
    "StorageAccessDenied",
    "StorageError",
    "StoredObject",
    "create_storage",
]
