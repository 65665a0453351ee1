"""outbox inbox and dead letters

Revision ID: 0001
Revises: nothing (first revision)
Create Date: 2026-11-24 14:55:52.366787
"""

from collections.abc import Sequence

from hausportal.kit.messaging.migrations import (
    create_messaging_tables_v1,
    drop_messaging_tables_v1,
)

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    create_messaging_tables_v1(schema="smartpost")


def downgrade() -> None:
    drop_messaging_tables_v1(schema="smartpost")
