"""The portal service's tables, all in its own schema `portal`."""

from hausportal.kit.db import declarative_base
from hausportal.kit.messaging import Outbox, messaging_tables

Base = declarative_base("portal")
messaging = messaging_tables(Base.metadata)
outbox = Outbox(messaging)
