"""dispatch orders, their audit and the accounts' SmartPost settings

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01 13:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
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
        "dispatch_order",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("account_id", sa.Uuid(), nullable=False),
        sa.Column("serial_letter_id", sa.Uuid(), nullable=False),
        sa.Column("provider", sa.String(length=50), nullable=False),
        sa.Column("recipient_filter", sa.String(length=30), nullable=False),
        sa.Column("selection", sa.JSON(), nullable=False),
        sa.Column("options", sa.JSON(), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("provider_reference", sa.String(length=100), nullable=True),
        sa.Column("print_file_key", sa.String(length=255), nullable=True),
        sa.Column("letters", sa.Integer(), nullable=False),
        sa.Column("envelopes", sa.Integer(), nullable=False),
        sa.Column("sheets", sa.Integer(), nullable=False),
        sa.Column("pages", sa.Integer(), nullable=False),
        sa.Column("excluded", sa.JSON(), nullable=False),
        sa.Column("history", sa.JSON(), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("ordered_by", sa.Uuid(), nullable=False),
        _at("ordered_at", nullable=False),
        sa.Column("cancelled_by", sa.Uuid(), nullable=True),
        _at("cancelled_at", nullable=True),
        _at("updated_at", nullable=False),
        _serial_letter_fk("dispatch_order"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dispatch_order")),
        schema=SCHEMA,
    )
    op.create_index(
        "ix_dispatch_order_serial_letter",
        "dispatch_order",
        ["serial_letter_id", "ordered_at"],
        schema=SCHEMA,
    )
    op.create_table(
        "dispatch_audit",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("account_id", sa.Uuid(), nullable=False),
        sa.Column("serial_letter_id", sa.Uuid(), nullable=False),
        sa.Column("order_id", sa.Uuid(), nullable=True),
        sa.Column("action", sa.String(length=40), nullable=False),
        sa.Column("staff_id", sa.Uuid(), nullable=False),
        _at("at", nullable=False),
        sa.Column("detail", sa.JSON(), nullable=False),
        _serial_letter_fk("dispatch_audit"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dispatch_audit")),
        schema=SCHEMA,
    )
    op.create_index(
        "ix_dispatch_audit_serial_letter",
        "dispatch_audit",
        ["serial_letter_id", "at"],
        schema=SCHEMA,
    )

    op.create_table(
        "account_settings",
        sa.Column("account_id", sa.Uuid(), nullable=False),
        sa.Column("provider", sa.String(length=50), nullable=False),
        sa.Column("registered_mail", sa.Boolean(), nullable=False),
        sa.Column("download_approval", sa.Boolean(), nullable=False),
        sa.Column("approver_staff_ids", sa.JSON(), nullable=False),
        sa.Column("download_link_days", sa.Integer(), nullable=False),
        sa.Column("updated_by", sa.Uuid(), nullable=False),
        _at("updated_at", nullable=False),
        sa.PrimaryKeyConstraint("account_id", name=op.f("pk_account_settings")),
        schema=SCHEMA,
    )
    op.create_table(
        "download_request",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("account_id", sa.Uuid(), nullable=False),
        sa.Column("serial_letter_id", sa.Uuid(), nullable=False),
        sa.Column("requested_by", sa.Uuid(), nullable=False),
        sa.Column("recipient_filter", sa.String(length=30), nullable=False),
        sa.Column("selection", sa.JSON(), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        _at("lease_until", nullable=True),
        sa.Column("object_key", sa.String(length=255), nullable=True),
        sa.Column("size", sa.Integer(), nullable=True),
        _at("expires_at", nullable=True),
        sa.Column("recipients", sa.JSON(), nullable=False),
        sa.Column("error", sa.Text(), nullable=True),
        _at("created_at", nullable=False),
        _at("started_at", nullable=True),
        _at("finished_at", nullable=True),
        _serial_letter_fk("download_request"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_download_request")),
        schema=SCHEMA,
    )
    op.create_index(
        "ix_download_request_state", "download_request", ["state", "created_at"], schema=SCHEMA
    )


def downgrade() -> None:
    op.drop_index("ix_download_request_state", table_name="download_request", schema=SCHEMA)
    op.drop_table("download_request", schema=SCHEMA)
    op.drop_table("account_settings", schema=SCHEMA)
    op.drop_index("ix_dispatch_audit_serial_letter", table_name="dispatch_audit", schema=SCHEMA)
    op.drop_table("dispatch_audit", schema=SCHEMA)
    op.drop_index("ix_dispatch_order_serial_letter", table_name="dispatch_order", schema=SCHEMA)
    op.drop_table("dispatch_order", schema=SCHEMA)
