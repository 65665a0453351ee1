"""Alembic environment of the tasks service (see hausportal.kit.migrations)."""

from hausportal.tasks.models import Base
from hausportal.kit.migrations import run_migrations

run_migrations(Base.metadata, env_prefix="TASKS_")
