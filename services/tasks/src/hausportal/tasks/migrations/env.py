"""Alembic environment of the tasks service (see hausportal.kit.migrations)."""

from hausportal.kit.migrations import run_migrations
from hausportal.tasks.models import Base

run_migrations(Base.metadata, env_prefix="TASKS_")
