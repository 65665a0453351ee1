"""The directory read model every consuming service keeps: tables, event handlers, queries."""

from hausportal.kit.directory.mirror import DirectoryMirror
from hausportal.kit.directory.tables import DirectoryTables, directory_tables

__all__ = ["DirectoryMirror", "DirectoryTables", "directory_tables"]
