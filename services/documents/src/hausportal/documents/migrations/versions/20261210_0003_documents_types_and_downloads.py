"""documents, document types and the download audit

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-10 09:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SCHEMA = "documents"


def upgrade() -> None:
    op.create_table(
        "document",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("account_id", sa.Uuid(), nullable=False),
        sa.Column("property_id", sa.Uuid(), nullable=False),
        sa.Column("unit_id", sa.Uuid(), nullable=True),
        sa.Column("title", sa.String(length=255), nullable=False),
        sa.Column("document_type", sa.String(length=100), nullable=False),
        sa.Column("groups", sa.String(length=64), nullable=False),
        sa.Column("internal", sa.Boolean(), nullable=False),
        sa.Column("contact_id", sa.Uuid(), nullable=True),
        sa.Column("file_name", sa.String(length=255), nullable=False),
        sa.Column("content_type", sa.String(length=255), nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("object_key", sa.String(length=255), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("notify_now", sa.Boolean(), nullable=False),
        sa.Column("created_by", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("purged_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "status IN ('staged', 'published', 'deleted')", name=op.f("ck_document_status")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_document")),
        schema=SCHEMA,
    )
    op.create_index(
        "ix_document_account_contact", "document", ["account_id", "contact_id"], schema=SCHEMA
    )
    op.create_index(
        "ix_document_account_property", "document", ["account_id", "property_id"], schema=SCHEMA
    )
    op.create_index(
        "ix_document_status_deleted_at", "document", ["status", "deleted_at"], schema=SCHEMA
    )
    op.create_table(
        "document_type",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("account_id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_document_type")),
        sa.UniqueConstraint("account_id", "name", name="uq_document_type_name"),
        schema=SCHEMA,
    )
    op.create_table(
        "download",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("account_id", sa.Uuid(), nullable=False),
        sa.Column("document_id", sa.Uuid(), nullable=False),
        sa.Column("contact_id", sa.Uuid(), nullable=False),
        sa.Column("downloaded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"],
            [f"{SCHEMA}.document.id"],
            name=op.f("fk_download_document_id_document"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_download")),
        schema=SCHEMA,
    )
    op.create_index(
        "ix_download_document", "download", ["document_id", "downloaded_at"], schema=SCHEMA
    )


def downgrade() -> None:
    op.drop_index("ix_download_document", table_name="download", schema=SCHEMA)
    op.drop_table("download", schema=SCHEMA)
    op.drop_table("document_type", schema=SCHEMA)
    op.drop_index("ix_document_status_deleted_at", table_name="document", schema=SCHEMA)
    op.drop_index("ix_document_account_property", table_name="document", schema=SCHEMA)
    op.drop_index("ix_document_account_contact", table_name="document", schema=SCHEMA)
    op.drop_table("document", schema=SCHEMA)
