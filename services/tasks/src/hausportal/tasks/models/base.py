"""The declarative base of the tasks service, its messaging tables and its directory copy."""

from hausportal.kit.db import declarative_base
from hausportal.kit.directory import DirectoryMirror, directory_tables
from hausportal.kit.messaging import Outbox, messaging_tables

Base = declarative_base("tasks")
messaging = messaging_tables(Base.metadata)
outbox = Outbox(messaging)
# The tasks service's copy of the portal's master data (contacts, contracts, staff, ...).
directory = DirectoryMirror(directory_tables(Base.metadata))
