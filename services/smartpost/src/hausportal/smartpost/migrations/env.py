"""Alembic environment of the smartpost service (see hausportal.kit.migrations)."""

from hausportal.kit.migrations import run_migrations
from hausportal.smartpost.models import Base

run_migrations(Base.metadata, env_prefix="SMARTPOST_")
