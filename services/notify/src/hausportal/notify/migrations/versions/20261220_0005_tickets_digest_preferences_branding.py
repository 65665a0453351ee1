"""digest, document preferences, account branding

The documents waiting for the daily digest, each contact's document preference and each
account's branding (from AccountUpserted). Ticket and digest jobs and mails need no change:
kinds are plain strings.

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

SCHEMA = "notify"


def _timestamp(name: str, *, nullable: bool = False) -> sa.Column:  # type: ignore[type-arg]
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "published_document",
        sa.Column("document_id", sa.Uuid(), nullable=False),
        sa.Column("account_id", sa.Uuid(), nullable=False),
        sa.Column("property_id", sa.Uuid(), nullable=False),
        sa.Column("unit_id", sa.Uuid(), nullable=True),
        sa.Column("audience", sa.JSON(), nullable=False),
        sa.Column("title", sa.String(length=500), nullable=False),
        sa.Column("document_type", sa.String(length=200), nullable=False),
        _timestamp("received_at"),
        _timestamp("deleted_at", nullable=True),
        sa.Column("digest_job_id", sa.Uuid(), nullable=True),
        sa.PrimaryKeyConstraint("document_id", name=op.f("pk_published_document")),
        schema=SCHEMA,
    )
    op.create_index(
        "ix_published_document_undigested",
        "published_document",
        ["account_id", "digest_job_id", "received_at"],
        schema=SCHEMA,
    )
    op.create_table(
        "document_preference",
        sa.Column("contact_id", sa.Uuid(), nullable=False),
        sa.Column("account_id", sa.Uuid(), nullable=False),
        sa.Column("mode", sa.String(length=20), nullable=False),
        _timestamp("updated_at"),
        sa.Column("updated_by_staff_id", sa.Uuid(), nullable=True),
        sa.CheckConstraint(
            "mode IN ('immediate', 'digest', 'none')", name=op.f("ck_document_preference_mode")
        ),
        sa.PrimaryKeyConstraint("contact_id", name=op.f("pk_document_preference")),
        schema=SCHEMA,
    )
    op.create_index(
        "ix_document_preference_account", "document_preference", ["account_id"], schema=SCHEMA
    )
    op.create_table(
        "account_branding",
        sa.Column("account_id", sa.Uuid(), nullable=False),
        sa.Column("logo_url", sa.String(length=1000), nullable=True),
        sa.Column("primary_color", sa.String(length=7), nullable=True),
        _timestamp("updated_at"),
        sa.PrimaryKeyConstraint("account_id", name=op.f("pk_account_branding")),
        schema=SCHEMA,
    )


def downgrade() -> None:
    op.drop_table("account_branding", schema=SCHEMA)
    op.drop_index("ix_document_preference_account", table_name="document_preference", schema=SCHEMA)
    op.drop_table("document_preference", schema=SCHEMA)
    op.drop_index(
        "ix_published_document_undigested", table_name="published_document", schema=SCHEMA
    )
    op.drop_table("published_document", schema=SCHEMA)
