"""Alembic environment of the notify service (see hausportal.kit.migrations)."""

from hausportal.kit.migrations import run_migrations
from hausportal.notify.models import Base

run_migrations(Base.metadata, env_prefix="NOTIFY_")
