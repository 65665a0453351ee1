"""account branding: logo address and primary colour of the account's e-mails

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-20 09:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column(
        "account", sa.Column("logo_url", sa.String(length=1000), nullable=True), schema="portal"
    )
    op.add_column(
        "account", sa.Column("primary_color", sa.String(length=7), nullable=True), schema="portal"
    )


def downgrade() -> None:
    with op.batch_alter_table("account", schema="portal") as batch:
        batch.drop_column("primary_color")
        batch.drop_column("logo_url")
