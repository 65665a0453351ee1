"""The declarative base of the documents service, its messaging tables and its directory copy."""

from hausportal.kit.db import declarative_base
from hausportal.kit.directory import DirectoryMirror, directory_tables
from hausportal.kit.messaging import Outbox, messaging_tables

Base = declarative_base("documents")
messaging = messaging_tables(Base.metadata)
outbox = Outbox(messaging)
# The documents service's copy of the portal's master data (accounts, contacts, contracts, ...).
directory = DirectoryMirror(directory_tables(Base.metadata))
