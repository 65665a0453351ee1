"""job kinds and mail recipients

Jobs and mails for more than documents: a job names its kind and keeps what its composer needs
as JSON; a mail names its kind and its recipient (the contact, or the address when there is no
contact yet, e.g. an invitation) and is unique per (event, recipient). ``document_id`` of both
becomes ``item_id`` (the document, the announcement, the invitation).

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-15 09:00:00
"""

import uuid
from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SCHEMA = "notify"

_JOB_STATUSES_OLD = "status IN ('pending', 'done', 'cancelled')"
_JOB_STATUSES_NEW = "status IN ('pending', 'done', 'cancelled', 'failed')"


def _jobs(*columns: sa.ColumnClause[Any]) -> sa.TableClause:
    return sa.table("notification_job", sa.column("id", sa.Uuid()), *columns, schema=SCHEMA)


def _mails(*columns: sa.ColumnClause[Any]) -> sa.TableClause:
    return sa.table("mail", sa.column("id", sa.Uuid()), *columns, schema=SCHEMA)


def upgrade() -> None:
    connection = op.get_bind()

    # --- notification_job: kind, item_id, payload instead of the document's columns --------
    with op.batch_alter_table("notification_job", schema=SCHEMA) as batch:
        batch.add_column(sa.Column("kind", sa.String(length=30), nullable=True))
        batch.add_column(sa.Column("item_id", sa.Uuid(), nullable=True))
        batch.add_column(sa.Column("payload", sa.JSON(), nullable=True))
    old_jobs = _jobs(
        sa.column("document_id", sa.Uuid()),
        sa.column("property_id", sa.Uuid()),
        sa.column("unit_id", sa.Uuid()),
        sa.column("title", sa.String()),
        sa.column("audience", sa.JSON()),
    )
    new_jobs = _jobs(
        sa.column("kind", sa.String()),
        sa.column("item_id", sa.Uuid()),
        sa.column("payload", sa.JSON()),
    )
    for row in connection.execute(sa.select(old_jobs)).all():
        connection.execute(
            new_jobs.update()
            .where(new_jobs.c.id == row.id)
            .values(
                kind="document",
                item_id=row.document_id,
                # What the document composer reads (notifications/documents.py).
                payload={
                    "property_id": str(row.property_id),
                    "unit_id": None if row.unit_id is None else str(row.unit_id),
                    "title": row.title,
                    "audience": row.audience,
                },
            )
        )
    op.drop_index("ix_notification_job_document", table_name="notification_job", schema=SCHEMA)
    with op.batch_alter_table("notification_job", schema=SCHEMA) as batch:
        batch.alter_column("kind", existing_type=sa.String(length=30), nullable=False)
        batch.alter_column("payload", existing_type=sa.JSON(), nullable=False)
        for column in ("document_id", "property_id", "unit_id", "title", "audience"):
            batch.drop_column(column)
        batch.drop_constraint(op.f("ck_notification_job_status"), type_="check")
        batch.create_check_constraint(op.f("ck_notification_job_status"), _JOB_STATUSES_NEW)
    op.create_index(
        "ix_notification_job_item", "notification_job", ["account_id", "item_id"], schema=SCHEMA
    )

    # --- mail: kind, recipient (unique per event), item_id; contact_id optional ---------------
    with op.batch_alter_table("mail", schema=SCHEMA) as batch:
        batch.add_column(sa.Column("kind", sa.String(length=30), nullable=True))
        batch.add_column(sa.Column("recipient", sa.String(length=320), nullable=True))
        batch.add_column(sa.Column("item_id", sa.Uuid(), nullable=True))
    old_mails = _mails(sa.column("contact_id", sa.Uuid()), sa.column("document_id", sa.Uuid()))
    new_mails = _mails(
        sa.column("kind", sa.String()),
        sa.column("recipient", sa.String()),
        sa.column("item_id", sa.Uuid()),
    )
    # In Python, not SQL: a UUID's text differs between the dialects (SQLite stores hex).
    for row in connection.execute(sa.select(old_mails)).all():
        connection.execute(
            new_mails.update()
            .where(new_mails.c.id == row.id)
            .values(kind="document", recipient=str(row.contact_id), item_id=row.document_id)
        )
    op.drop_index("ix_mail_document", table_name="mail", schema=SCHEMA)
    with op.batch_alter_table("mail", schema=SCHEMA) as batch:
        batch.alter_column("kind", existing_type=sa.String(length=30), nullable=False)
        batch.alter_column("recipient", existing_type=sa.String(length=320), nullable=False)
        batch.alter_column("contact_id", existing_type=sa.Uuid(), nullable=True)
        batch.drop_constraint(op.f("uq_mail_source_event_contact"), type_="unique")
        batch.create_unique_constraint(
            op.f("uq_mail_source_event_recipient"), ["source_event_id", "recipient"]
        )
        batch.drop_column("document_id")
    op.create_index("ix_mail_item", "mail", ["account_id", "item_id"], schema=SCHEMA)


def downgrade() -> None:
    connection = op.get_bind()

    # --- mail: back to one contact per mail; mails to a bare address cannot stay ------------
    addressed = _mails(sa.column("contact_id", sa.Uuid()))
    connection.execute(addressed.delete().where(addressed.c.contact_id.is_(None)))
    op.drop_index("ix_mail_item", table_name="mail", schema=SCHEMA)
    with op.batch_alter_table("mail", schema=SCHEMA) as batch:
        batch.add_column(sa.Column("document_id", sa.Uuid(), nullable=True))
    mails = _mails(
        sa.column("kind", sa.String()),
        sa.column("item_id", sa.Uuid()),
        sa.column("document_id", sa.Uuid()),
    )
    connection.execute(
        mails.update().where(mails.c.kind == "document").values(document_id=mails.c.item_id)
    )
    with op.batch_alter_table("mail", schema=SCHEMA) as batch:
        batch.drop_constraint(op.f("uq_mail_source_event_recipient"), type_="unique")
        batch.create_unique_constraint(
            op.f("uq_mail_source_event_contact"), ["source_event_id", "contact_id"]
        )
        batch.alter_column("contact_id", existing_type=sa.Uuid(), nullable=False)
        for column in ("kind", "recipient", "item_id"):
            batch.drop_column(column)
    op.create_index("ix_mail_document", "mail", ["account_id", "document_id"], schema=SCHEMA)

    # --- notification_job: only document jobs fit the old columns --------------------------
    jobs = _jobs(
        sa.column("kind", sa.String()),
        sa.column("item_id", sa.Uuid()),
        sa.column("payload", sa.JSON()),
        sa.column("status", sa.String()),
        sa.column("document_id", sa.Uuid()),
        sa.column("property_id", sa.Uuid()),
        sa.column("unit_id", sa.Uuid()),
        sa.column("title", sa.String()),
        sa.column("audience", sa.JSON()),
    )
    connection.execute(
        jobs.delete().where(sa.or_(jobs.c.kind != "document", jobs.c.status == "failed"))
    )
    op.drop_index("ix_notification_job_item", table_name="notification_job", schema=SCHEMA)
    with op.batch_alter_table("notification_job", schema=SCHEMA) as batch:
        batch.add_column(sa.Column("document_id", sa.Uuid(), nullable=True))
        batch.add_column(sa.Column("property_id", sa.Uuid(), nullable=True))
        batch.add_column(sa.Column("unit_id", sa.Uuid(), nullable=True))
        batch.add_column(sa.Column("title", sa.String(length=500), nullable=True))
        batch.add_column(sa.Column("audience", sa.JSON(), nullable=True))
    for row in connection.execute(sa.select(jobs.c.id, jobs.c.item_id, jobs.c.payload)).all():
        payload = row.payload
        connection.execute(
            jobs.update()
            .where(jobs.c.id == row.id)
            .values(
                document_id=row.item_id,
                property_id=uuid.UUID(payload["property_id"]),
                unit_id=uuid.UUID(payload["unit_id"]) if payload.get("unit_id") else None,
                title=payload["title"],
                audience=payload["audience"],
            )
        )
    with op.batch_alter_table("notification_job", schema=SCHEMA) as batch:
        for column, type_ in (
            ("document_id", sa.Uuid()),
            ("property_id", sa.Uuid()),
            ("title", sa.String(length=500)),
            ("audience", sa.JSON()),
        ):
            batch.alter_column(column, existing_type=type_, nullable=False)
        batch.drop_constraint(op.f("ck_notification_job_status"), type_="check")
        batch.create_check_constraint(op.f("ck_notification_job_status"), _JOB_STATUSES_OLD)
        for column in ("kind", "item_id", "payload"):
            batch.drop_column(column)
    op.create_index(
        "ix_notification_job_document",
        "notification_job",
        ["account_id", "document_id"],
        schema=SCHEMA,
    )
