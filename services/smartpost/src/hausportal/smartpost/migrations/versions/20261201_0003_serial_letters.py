"""serial letters, source files, split jobs and letters

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01 12:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SCHEMA = "smartpost"


def _at(name: str, *, nullable: bool) -> sa.Column:  # type: ignore[type-arg]
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def _serial_letter_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["serial_letter_id"],
        [f"{SCHEMA}.serial_letter.id"],
        name=op.f(f"fk_{table}_serial_letter_id_serial_letter"),
    )


def upgrade() -> None:
    op.create_table(
        "serial_letter",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("account_id", sa.Uuid(), nullable=False),
        sa.Column("title", sa.String(length=255), nullable=False),
        sa.Column("document_type", sa.String(length=100), nullable=False),
        sa.Column("circle", sa.String(length=20), nullable=False),
        sa.Column("property_id", sa.Uuid(), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("split_options", sa.JSON(), nullable=True),
        sa.Column("missing_contacts", sa.JSON(), nullable=True),
        sa.Column("page_count", sa.Integer(), nullable=True),
        sa.Column("split_job_id", sa.Uuid(), nullable=True),
        sa.Column("print_file_key", sa.String(length=255), nullable=True),
        sa.Column("notify_now", sa.Boolean(), nullable=False),
        sa.Column("created_by", sa.Uuid(), nullable=False),
        _at("created_at", nullable=False),
        _at("updated_at", nullable=False),
        sa.Column("published_by", sa.Uuid(), nullable=True),
        _at("published_at", nullable=True),
        sa.Column("deleted_by", sa.Uuid(), nullable=True),
        _at("deleted_at", nullable=True),
        _at("purged_at", nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_serial_letter")),
        schema=SCHEMA,
    )
    op.create_index(
        "ix_serial_letter_account", "serial_letter", ["account_id", "created_at"], schema=SCHEMA
    )
    op.create_table(
        "source_file",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("account_id", sa.Uuid(), nullable=False),
        sa.Column("serial_letter_id", sa.Uuid(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("file_name", sa.String(length=255), nullable=False),
        sa.Column("object_key", sa.String(length=255), nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("page_count", sa.Integer(), nullable=False),
        sa.Column("uploaded_by", sa.Uuid(), nullable=False),
        _at("uploaded_at", nullable=False),
        _serial_letter_fk("source_file"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_source_file")),
        schema=SCHEMA,
    )
    op.create_index(
        "ix_source_file_serial_letter",
        "source_file",
        ["serial_letter_id", "position"],
        schema=SCHEMA,
    )
    op.create_table(
        "split_job",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("account_id", sa.Uuid(), nullable=False),
        sa.Column("serial_letter_id", sa.Uuid(), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("stage", sa.String(length=20), nullable=True),
        sa.Column("pages_done", sa.Integer(), nullable=False),
        sa.Column("pages_total", sa.Integer(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        _at("lease_until", nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("requested_by", sa.Uuid(), nullable=False),
        _at("created_at", nullable=False),
        _at("started_at", nullable=True),
        _at("finished_at", nullable=True),
        _serial_letter_fk("split_job"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_split_job")),
        schema=SCHEMA,
    )
    op.create_index("ix_split_job_state", "split_job", ["state", "created_at"], schema=SCHEMA)
    op.create_table(
        "letter",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("account_id", sa.Uuid(), nullable=False),
        sa.Column("serial_letter_id", sa.Uuid(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("pages", sa.JSON(), nullable=False),
        sa.Column("total_pages", sa.Integer(), nullable=False),
        sa.Column("method", sa.String(length=30), nullable=True),
        sa.Column("identified_by", sa.String(length=30), nullable=True),
        sa.Column("confidence", sa.Float(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("window_text", sa.Text(), nullable=False),
        sa.Column("found_contact_id", sa.Uuid(), nullable=True),
        sa.Column("found_property_id", sa.Uuid(), nullable=True),
        sa.Column("found_unit_id", sa.Uuid(), nullable=True),
        sa.Column("unit_options", sa.JSON(), nullable=False),
        sa.Column("problems", sa.JSON(), nullable=False),
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
        sa.Column("contact_id", sa.Uuid(), nullable=True),
        sa.Column("property_id", sa.Uuid(), nullable=True),
        sa.Column("unit_id", sa.Uuid(), nullable=True),
        sa.Column("decision", sa.String(length=20), nullable=True),
        sa.Column("decided_by", sa.Uuid(), nullable=True),
        _at("decided_at", nullable=True),
        sa.Column("object_key", sa.String(length=255), nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        _at("published_at", nullable=True),
        _at("withdrawn_at", nullable=True),
        sa.Column("withdrawn_by", sa.Uuid(), nullable=True),
        _serial_letter_fk("letter"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_letter")),
        sa.UniqueConstraint("serial_letter_id", "position", name="uq_letter_position"),
        schema=SCHEMA,
    )
    op.create_index("ix_letter_contact", "letter", ["account_id", "contact_id"], schema=SCHEMA)


def downgrade() -> None:
    op.drop_index("ix_letter_contact", table_name="letter", schema=SCHEMA)
    op.drop_table("letter", schema=SCHEMA)
    op.drop_index("ix_split_job_state", table_name="split_job", schema=SCHEMA)
    op.drop_table("split_job", schema=SCHEMA)
    op.drop_index("ix_source_file_serial_letter", table_name="source_file", schema=SCHEMA)
    op.drop_table("source_file", schema=SCHEMA)
    op.drop_index("ix_serial_letter_account", table_name="serial_letter", schema=SCHEMA)
    op.drop_table("serial_letter", schema=SCHEMA)
