"""notification jobs and mails

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01 10:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SCHEMA = "notify"


def _timestamp(name: str, *, nullable: bool = False) -> sa.Column:  # type: ignore[type-arg]
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "notification_job",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("account_id", sa.Uuid(), nullable=False),
        sa.Column("source_event_id", sa.Uuid(), nullable=False),
        sa.Column("document_id", sa.Uuid(), nullable=False),
        sa.Column("property_id", sa.Uuid(), nullable=False),
        sa.Column("unit_id", sa.Uuid(), nullable=True),
        sa.Column("title", sa.String(length=500), nullable=False),
        sa.Column("audience", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        _timestamp("due_at"),
        _timestamp("created_at"),
        _timestamp("finished_at", nullable=True),
        sa.CheckConstraint(
            "status IN ('pending', 'done', 'cancelled')", name=op.f("ck_notification_job_status")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notification_job")),
        sa.UniqueConstraint("source_event_id", name="uq_notification_job_source_event_id"),
        schema=SCHEMA,
    )
    op.create_index(
        "ix_notification_job_due", "notification_job", ["status", "due_at"], schema=SCHEMA
    )
    op.create_index(
        "ix_notification_job_document",
        "notification_job",
        ["account_id", "document_id"],
        schema=SCHEMA,
    )
    op.create_table(
        "mail",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("account_id", sa.Uuid(), nullable=False),
        sa.Column("source_event_id", sa.Uuid(), nullable=False),
        sa.Column("contact_id", sa.Uuid(), nullable=False),
        sa.Column("document_id", sa.Uuid(), nullable=True),
        sa.Column("to_address", sa.String(length=320), nullable=False),
        sa.Column("to_name", sa.String(length=255), nullable=False),
        sa.Column("subject", sa.String(length=500), nullable=False),
        sa.Column("text_body", sa.Text(), nullable=False),
        sa.Column("html_body", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        _timestamp("next_attempt_at"),
        _timestamp("lease_until", nullable=True),
        _timestamp("created_at"),
        _timestamp("sent_at", nullable=True),
        sa.CheckConstraint(
            "status IN ('pending', 'sending', 'sent', 'failed', 'cancelled')",
            name=op.f("ck_mail_status"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mail")),
        sa.UniqueConstraint("source_event_id", "contact_id", name="uq_mail_source_event_contact"),
        schema=SCHEMA,
    )
    op.create_index("ix_mail_due", "mail", ["status", "next_attempt_at"], schema=SCHEMA)
    op.create_index("ix_mail_account_created", "mail", ["account_id", "created_at"], schema=SCHEMA)
    op.create_index("ix_mail_document", "mail", ["account_id", "document_id"], schema=SCHEMA)


def downgrade() -> None:
    for index in ("ix_mail_document", "ix_mail_account_created", "ix_mail_due"):
        op.drop_index(index, table_name="mail", schema=SCHEMA)
    op.drop_table("mail", schema=SCHEMA)
    for index in ("ix_notification_job_document", "ix_notification_job_due"):
        op.drop_index(index, table_name="notification_job", schema=SCHEMA)
    op.drop_table("notification_job", schema=SCHEMA)
