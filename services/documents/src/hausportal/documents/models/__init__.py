"""The documents service's tables, all in its own schema `documents`."""

from hausportal.kit.db import declarative_base
from hausportal.kit.messaging import Outbox, messaging_tables

Base = declarative_base("documents")
messaging = messaging_tables(Base.metadata)
outbox = Outbox(messaging)
