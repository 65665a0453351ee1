"""Alembic environment of the portal service (see hausportal.kit.migrations)."""

from hausportal.kit.migrations import run_migrations
from hausportal.portal.models import Base

run_migrations(Base.metadata, env_prefix="PORTAL_")
