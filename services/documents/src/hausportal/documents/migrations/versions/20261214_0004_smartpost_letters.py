"""documents that are SmartPost letters: their serial letter and who owns the object

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-14 09:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SCHEMA = "documents"


def upgrade() -> None:
    op.add_column(
        "document", sa.Column("serial_letter_id", sa.Uuid(), nullable=True), schema=SCHEMA
    )
    # Every document so far was uploaded here, so this service owns its object.
    op.add_column(
        "document",
        sa.Column("object_owner", sa.String(length=20), server_default="documents", nullable=False),
        schema=SCHEMA,
    )
    op.create_index(
        "ix_document_account_serial_letter",
        "document",
        ["account_id", "serial_letter_id"],
        schema=SCHEMA,
    )


def downgrade() -> None:
    op.drop_index("ix_document_account_serial_letter", table_name="document", schema=SCHEMA)
    # SQLite drops columns since 3.35; both are plain columns without constraints.
    op.drop_column("document", "object_owner", schema=SCHEMA)
    op.drop_column("document", "serial_letter_id", schema=SCHEMA)
