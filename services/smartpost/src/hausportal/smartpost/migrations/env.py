"""Alembic environment of the smartpost service (see hausportal.kit.migrations)."""

from hausportal.smartpost.models import Base
from hausportal.kit.migrations import run_migrations

run_migrations(Base.metadata, env_prefix="SMARTPOST_")
