"""The tasks service's tables, all in its own schema `tasks`."""

from hausportal.kit.db import declarative_base
from hausportal.kit.messaging import Outbox, messaging_tables

Base = declarative_base("tasks")
messaging = messaging_tables(Base.metadata)
outbox = Outbox(messaging)
