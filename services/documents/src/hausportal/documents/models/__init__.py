"""The documents service's tables, all in its own schema `documents`."""

from hausportal.documents.models.base import Base, directory, messaging, outbox
from hausportal.documents.models.documents import (
    Document,
    DocumentStatus,
    DocumentType,
    Download,
    ObjectOwner,
)

__all__ = [
    "Base",
    "Document",
    "DocumentStatus",
    "DocumentType",
    "Download",
    "ObjectOwner",
    "directory",
    "messaging",
    "outbox",
]
