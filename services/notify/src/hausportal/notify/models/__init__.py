"""The notify service's tables, all in its own schema `notify`."""

from hausportal.kit.db import declarative_base
from hausportal.kit.directory import directory_tables
from hausportal.kit.messaging import Outbox, messaging_tables

Base = declarative_base("notify")
messaging = messaging_tables(Base.metadata)
outbox = Outbox(messaging)

# The model modules register their tables on Base; imported last because they need it.
from hausportal.notify.models.branding import AccountBranding, BrandedDirectory  # noqa: E402
from hausportal.notify.models.feed import PublishedDocument  # noqa: E402
from hausportal.notify.models.job import JobKind, JobStatus, NotificationJob  # noqa: E402
from hausportal.notify.models.mail import Mail, MailKind, MailStatus, recipient_key  # noqa: E402
from hausportal.notify.models.preference import (  # noqa: E402
    DEFAULT_DOCUMENT_MODE,
    DocumentMode,
    DocumentPreference,
)

# The notify service's copy of the portal's master data (accounts, contacts, contracts, ...),
# with each account's branding.
directory = BrandedDirectory(directory_tables(Base.metadata))

__all__ = [
    "DEFAULT_DOCUMENT_MODE",
    "AccountBranding",
    "Base",
    "DocumentMode",
    "DocumentPreference",
    "JobKind",
    "JobStatus",
    "Mail",
    "MailKind",
    "MailStatus",
    "NotificationJob",
    "PublishedDocument",
    "directory",
    "messaging",
    "outbox",
    "recipient_key",
]
