"""Alembic environment of the documents service (see hausportal.kit.migrations)."""

from hausportal.documents.models import Base
from hausportal.kit.migrations import run_migrations

run_migrations(Base.metadata, env_prefix="DOCUMENTS_")
