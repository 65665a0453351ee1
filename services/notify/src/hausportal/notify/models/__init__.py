"""The notify service's tables, all in its own schema `notify`."""

from hausportal.kit.db import declarative_base
from hausportal.kit.directory import DirectoryMirror, directory_tables
from hausportal.kit.messaging import Outbox, messaging_tables

Base = declarative_base("notify")
messaging = messaging_tables(Base.metadata)
outbox = Outbox(messaging)
# The notify service's copy of the portal's master data (accounts, contacts, contracts, ...).
directory = DirectoryMirror(directory_tables(Base.metadata))

# The model modules register their tables on Base; imported last because they need it.
from hausportal.notify.models.job import JobKind, JobStatus, NotificationJob  # noqa: E402
from hausportal.notify.models.mail import Mail, MailKind, MailStatus, recipient_key  # noqa: E402

__all__ = [
    "Base",
    "JobKind",
    "JobStatus",
    "Mail",
    "MailKind",
    "MailStatus",
    "NotificationJob",
    "directory",
    "messaging",
    "outbox",
    "recipient_key",
]
