"""The notify service's tables, all in its own schema `notify`."""

from hausportal.kit.db import declarative_base
from hausportal.kit.messaging import Outbox, messaging_tables

Base = declarative_base("notify")
messaging = messaging_tables(Base.metadata)
outbox = Outbox(messaging)
