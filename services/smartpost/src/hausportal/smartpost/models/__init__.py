"""The smartpost service's tables, all in its own schema `smartpost`."""

from hausportal.kit.db import declarative_base
from hausportal.kit.messaging import Outbox, messaging_tables

Base = declarative_base("smartpost")
messaging = messaging_tables(Base.metadata)
outbox = Outbox(messaging)
