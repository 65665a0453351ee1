"""directory read model

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-01 09:00:00
"""

from collections.abc import Sequence

from hausportal.kit.directory.migrations import (
    create_directory_tables_v1,
    drop_directory_tables_v1,
)

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    create_directory_tables_v1(schema="tasks")


def downgrade() -> None:
    drop_directory_tables_v1(schema="tasks")
