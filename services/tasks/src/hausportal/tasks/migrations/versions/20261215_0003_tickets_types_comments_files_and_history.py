"""tickets, types, comments, files and history

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-15 09:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "ticket_counter",
        sa.Column("account_id", sa.Uuid(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("last", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("account_id", "year", name=op.f("pk_ticket_counter")),
        schema="tasks",
    )
    op.create_table(
        "ticket_type",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("account_id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("description", sa.String(length=500), nullable=False),
        sa.Column("fields", sa.JSON(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ticket_type")),
        sa.UniqueConstraint("account_id", "name", name="uq_ticket_type_name"),
        schema="tasks",
    )
    op.create_table(
        "ticket",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("account_id", sa.Uuid(), nullable=False),
        sa.Column("number", sa.String(length=20), nullable=False),
        sa.Column("property_id", sa.Uuid(), nullable=False),
        sa.Column("unit_id", sa.Uuid(), nullable=True),
        sa.Column("ticket_type_id", sa.Uuid(), nullable=False),
        sa.Column("ticket_type", sa.String(length=100), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("field_values", sa.JSON(), nullable=False),
        sa.Column("reporter_contact_id", sa.Uuid(), nullable=True),
        sa.Column("created_by_staff_id", sa.Uuid(), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("assignee_staff_id", sa.Uuid(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "status IN ('open', 'in_progress', 'waiting', 'done')", name=op.f("ck_ticket_status")
        ),
        sa.ForeignKeyConstraint(
            ["ticket_type_id"],
            ["tasks.ticket_type.id"],
            name=op.f("fk_ticket_ticket_type_id_ticket_type"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ticket")),
        sa.UniqueConstraint("account_id", "number", name="uq_ticket_number"),
        schema="tasks",
    )
    op.create_index(
        "ix_ticket_account_created",
        "ticket",
        ["account_id", "created_at"],
        unique=False,
        schema="tasks",
    )
    op.create_index(
        "ix_ticket_account_reporter",
        "ticket",
        ["account_id", "reporter_contact_id"],
        unique=False,
        schema="tasks",
    )
    op.create_table(
        "ticket_attachment",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("ticket_id", sa.Uuid(), nullable=False),
        sa.Column("account_id", sa.Uuid(), nullable=False),
        sa.Column("file_name", sa.String(length=255), nullable=False),
        sa.Column("content_type", sa.String(length=255), nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("object_key", sa.String(length=255), nullable=False),
        sa.Column("uploaded_by_staff_id", sa.Uuid(), nullable=True),
        sa.Column("uploaded_by_contact_id", sa.Uuid(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["ticket_id"], ["tasks.ticket.id"], name=op.f("fk_ticket_attachment_ticket_id_ticket")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ticket_attachment")),
        schema="tasks",
    )
    op.create_index(
        "ix_ticket_attachment_ticket",
        "ticket_attachment",
        ["ticket_id"],
        unique=False,
        schema="tasks",
    )
    op.create_table(
        "ticket_comment",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("ticket_id", sa.Uuid(), nullable=False),
        sa.Column("account_id", sa.Uuid(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("internal", sa.Boolean(), nullable=False),
        sa.Column("author_staff_id", sa.Uuid(), nullable=True),
        sa.Column("author_contact_id", sa.Uuid(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["ticket_id"], ["tasks.ticket.id"], name=op.f("fk_ticket_comment_ticket_id_ticket")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ticket_comment")),
        schema="tasks",
    )
    op.create_index(
        "ix_ticket_comment_ticket", "ticket_comment", ["ticket_id"], unique=False, schema="tasks"
    )
    op.create_table(
        "ticket_contact",
        sa.Column("ticket_id", sa.Uuid(), nullable=False),
        sa.Column("contact_id", sa.Uuid(), nullable=False),
        sa.Column("account_id", sa.Uuid(), nullable=False),
        sa.Column("linked_by_staff_id", sa.Uuid(), nullable=False),
        sa.Column("linked_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["ticket_id"], ["tasks.ticket.id"], name=op.f("fk_ticket_contact_ticket_id_ticket")
        ),
        sa.PrimaryKeyConstraint("ticket_id", "contact_id", name=op.f("pk_ticket_contact")),
        schema="tasks",
    )
    op.create_index(
        "ix_ticket_contact_account_contact",
        "ticket_contact",
        ["account_id", "contact_id"],
        unique=False,
        schema="tasks",
    )
    op.create_table(
        "ticket_change",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("ticket_id", sa.Uuid(), nullable=False),
        sa.Column("account_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("internal", sa.Boolean(), nullable=False),
        sa.Column("old_value", sa.String(length=255), nullable=True),
        sa.Column("new_value", sa.String(length=255), nullable=True),
        sa.Column("comment_id", sa.Uuid(), nullable=True),
        sa.Column("actor_staff_id", sa.Uuid(), nullable=True),
        sa.Column("actor_contact_id", sa.Uuid(), nullable=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["comment_id"],
            ["tasks.ticket_comment.id"],
            name=op.f("fk_ticket_change_comment_id_ticket_comment"),
        ),
        sa.ForeignKeyConstraint(
            ["ticket_id"], ["tasks.ticket.id"], name=op.f("fk_ticket_change_ticket_id_ticket")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ticket_change")),
        schema="tasks",
    )
    op.create_index(
        "ix_ticket_change_ticket",
        "ticket_change",
        ["ticket_id", "id"],
        unique=False,
        schema="tasks",
    )


def downgrade() -> None:
    op.drop_index("ix_ticket_change_ticket", table_name="ticket_change", schema="tasks")
    op.drop_table("ticket_change", schema="tasks")
    op.drop_index("ix_ticket_contact_account_contact", table_name="ticket_contact", schema="tasks")
    op.drop_table("ticket_contact", schema="tasks")
    op.drop_index("ix_ticket_comment_ticket", table_name="ticket_comment", schema="tasks")
    op.drop_table("ticket_comment", schema="tasks")
    op.drop_index("ix_ticket_attachment_ticket", table_name="ticket_attachment", schema="tasks")
    op.drop_table("ticket_attachment", schema="tasks")
    op.drop_index("ix_ticket_account_reporter", table_name="ticket", schema="tasks")
    op.drop_index("ix_ticket_account_created", table_name="ticket", schema="tasks")
    op.drop_table("ticket", schema="tasks")
    op.drop_table("ticket_type", schema="tasks")
    op.drop_table("ticket_counter", schema="tasks")
