"""messages, appointments, their attachments; FAQ entries and contact persons of properties

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01 09:20:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "announcement",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("account_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("all_properties", sa.Boolean(), nullable=False),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("ends_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("place", sa.String(length=200), nullable=True),
        sa.Column("notify", sa.Boolean(), nullable=False),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("published_by", sa.Uuid(), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint("kind IN ('message', 'appointment')", name=op.f("ck_announcement_kind")),
        sa.CheckConstraint(
            "ends_at IS NULL OR ends_at >= starts_at", name=op.f("ck_announcement_ends_after_start")
        ),
        sa.ForeignKeyConstraint(
            ["account_id"], ["portal.account.id"], name=op.f("fk_announcement_account_id_account")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_announcement")),
        schema="portal",
    )
    op.create_index(
        "ix_announcement_account_kind_published",
        "announcement",
        ["account_id", "kind", "published_at"],
        unique=False,
        schema="portal",
    )
    op.create_index(
        op.f("ix_portal_announcement_account_id"),
        "announcement",
        ["account_id"],
        unique=False,
        schema="portal",
    )
    op.create_table(
        "announcement_attachment",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("account_id", sa.Uuid(), nullable=False),
        sa.Column("announcement_id", sa.Uuid(), nullable=False),
        sa.Column("file_name", sa.String(length=255), nullable=False),
        sa.Column("content_type", sa.String(length=255), nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("object_key", sa.String(length=500), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["portal.account.id"],
            name=op.f("fk_announcement_attachment_account_id_account"),
        ),
        sa.ForeignKeyConstraint(
            ["announcement_id"],
            ["portal.announcement.id"],
            name=op.f("fk_announcement_attachment_announcement_id_announcement"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_announcement_attachment")),
        schema="portal",
    )
    op.create_index(
        op.f("ix_portal_announcement_attachment_account_id"),
        "announcement_attachment",
        ["account_id"],
        unique=False,
        schema="portal",
    )
    op.create_index(
        op.f("ix_portal_announcement_attachment_announcement_id"),
        "announcement_attachment",
        ["announcement_id"],
        unique=False,
        schema="portal",
    )
    op.create_table(
        "announcement_contact",
        sa.Column("announcement_id", sa.Uuid(), nullable=False),
        sa.Column("contact_id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["announcement_id"],
            ["portal.announcement.id"],
            name=op.f("fk_announcement_contact_announcement_id_announcement"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["contact_id"],
            ["portal.contact.id"],
            name=op.f("fk_announcement_contact_contact_id_contact"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "announcement_id", "contact_id", name=op.f("pk_announcement_contact")
        ),
        schema="portal",
    )
    op.create_index(
        op.f("ix_portal_announcement_contact_contact_id"),
        "announcement_contact",
        ["contact_id"],
        unique=False,
        schema="portal",
    )
    op.create_table(
        "announcement_property",
        sa.Column("announcement_id", sa.Uuid(), nullable=False),
        sa.Column("property_id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["announcement_id"],
            ["portal.announcement.id"],
            name=op.f("fk_announcement_property_announcement_id_announcement"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["property_id"],
            ["portal.property.id"],
            name=op.f("fk_announcement_property_property_id_property"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "announcement_id", "property_id", name=op.f("pk_announcement_property")
        ),
        schema="portal",
    )
    op.create_index(
        op.f("ix_portal_announcement_property_property_id"),
        "announcement_property",
        ["property_id"],
        unique=False,
        schema="portal",
    )
    op.create_table(
        "contact_person",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("account_id", sa.Uuid(), nullable=False),
        sa.Column("property_id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("role", sa.String(length=200), nullable=True),
        sa.Column("phone", sa.String(length=50), nullable=True),
        sa.Column("email", sa.String(length=320), nullable=True),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"], ["portal.account.id"], name=op.f("fk_contact_person_account_id_account")
        ),
        sa.ForeignKeyConstraint(
            ["property_id"],
            ["portal.property.id"],
            name=op.f("fk_contact_person_property_id_property"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contact_person")),
        schema="portal",
    )
    op.create_index(
        op.f("ix_portal_contact_person_account_id"),
        "contact_person",
        ["account_id"],
        unique=False,
        schema="portal",
    )
    op.create_index(
        op.f("ix_portal_contact_person_property_id"),
        "contact_person",
        ["property_id"],
        unique=False,
        schema="portal",
    )
    op.create_table(
        "faq_entry",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("account_id", sa.Uuid(), nullable=False),
        sa.Column("property_id", sa.Uuid(), nullable=False),
        sa.Column("question", sa.String(length=500), nullable=False),
        sa.Column("answer", sa.Text(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"], ["portal.account.id"], name=op.f("fk_faq_entry_account_id_account")
        ),
        sa.ForeignKeyConstraint(
            ["property_id"],
            ["portal.property.id"],
            name=op.f("fk_faq_entry_property_id_property"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_faq_entry")),
        schema="portal",
    )
    op.create_index(
        op.f("ix_portal_faq_entry_account_id"),
        "faq_entry",
        ["account_id"],
        unique=False,
        schema="portal",
    )
    op.create_index(
        op.f("ix_portal_faq_entry_property_id"),
        "faq_entry",
        ["property_id"],
        unique=False,
        schema="portal",
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_portal_faq_entry_property_id"), table_name="faq_entry", schema="portal")
    op.drop_index(op.f("ix_portal_faq_entry_account_id"), table_name="faq_entry", schema="portal")
    op.drop_table("faq_entry", schema="portal")
    op.drop_index(
        op.f("ix_portal_contact_person_property_id"), table_name="contact_person", schema="portal"
    )
    op.drop_index(
        op.f("ix_portal_contact_person_account_id"), table_name="contact_person", schema="portal"
    )
    op.drop_table("contact_person", schema="portal")
    op.drop_index(
        op.f("ix_portal_announcement_property_property_id"),
        table_name="announcement_property",
        schema="portal",
    )
    op.drop_table("announcement_property", schema="portal")
    op.drop_index(
        op.f("ix_portal_announcement_contact_contact_id"),
        table_name="announcement_contact",
        schema="portal",
    )
    op.drop_table("announcement_contact", schema="portal")
    op.drop_index(
        op.f("ix_portal_announcement_attachment_announcement_id"),
        table_name="announcement_attachment",
        schema="portal",
    )
    op.drop_index(
        op.f("ix_portal_announcement_attachment_account_id"),
        table_name="announcement_attachment",
        schema="portal",
    )
    op.drop_table("announcement_attachment", schema="portal")
    op.drop_index(
        op.f("ix_portal_announcement_account_id"), table_name="announcement", schema="portal"
    )
    op.drop_index(
        "ix_announcement_account_kind_published", table_name="announcement", schema="portal"
    )
    op.drop_table("announcement", schema="portal")
