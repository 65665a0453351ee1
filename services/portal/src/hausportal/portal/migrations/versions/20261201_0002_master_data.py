"""master data: accounts, staff, properties, units, contacts, contracts, logins, tokens

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-01 08:30:59.097896
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "account",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("slug", sa.String(length=100), nullable=False),
        sa.Column("access_pre_contract_days", sa.Integer(), nullable=True),
        sa.Column("access_post_contract_days", sa.Integer(), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            nullable=False,
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_account")),
        sa.UniqueConstraint("slug", name=op.f("uq_account_slug")),
        schema="portal",
    )
    op.create_table(
        "contact",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("account_id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("email", sa.String(length=320), nullable=True),
        sa.Column("contact_number", sa.String(length=64), nullable=True),
        sa.Column("street", sa.String(length=200), nullable=True),
        sa.Column("zip_code", sa.String(length=20), nullable=True),
        sa.Column("city", sa.String(length=100), nullable=True),
        sa.Column("country", sa.String(length=2), nullable=False),
        sa.Column("preference", sa.String(length=16), nullable=False),
        sa.Column("archived", sa.Boolean(), nullable=False),
        sa.Column("search_text", sa.Text(), nullable=False),
        sa.CheckConstraint(
            "preference IN ('online', 'letter')", name=op.f("ck_contact_preference")
        ),
        sa.ForeignKeyConstraint(
            ["account_id"], ["portal.account.id"], name=op.f("fk_contact_account_id_account")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contact")),
        sa.UniqueConstraint("account_id", "contact_number", name="uq_contact_account_number"),
        schema="portal",
    )
    op.create_index(
        op.f("ix_portal_contact_account_id"), "contact", ["account_id"], schema="portal"
    )
    op.create_table(
        "property",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("account_id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("street", sa.String(length=200), nullable=True),
        sa.Column("zip_code", sa.String(length=20), nullable=True),
        sa.Column("city", sa.String(length=100), nullable=True),
        sa.Column("country", sa.String(length=2), nullable=False),
        sa.Column("image_key", sa.String(length=500), nullable=True),
        sa.Column("search_text", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"], ["portal.account.id"], name=op.f("fk_property_account_id_account")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_property")),
        schema="portal",
    )
    op.create_index(
        op.f("ix_portal_property_account_id"), "property", ["account_id"], schema="portal"
    )
    op.create_table(
        "staff",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("account_id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("email", sa.String(length=320), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("password_hash", sa.String(length=255), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.CheckConstraint("role IN ('admin', 'staff')", name=op.f("ck_staff_role")),
        sa.ForeignKeyConstraint(
            ["account_id"], ["portal.account.id"], name=op.f("fk_staff_account_id_account")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_staff")),
        sa.UniqueConstraint("account_id", "email", name="uq_staff_account_email"),
        schema="portal",
    )
    op.create_index(op.f("ix_portal_staff_account_id"), "staff", ["account_id"], schema="portal")
    op.create_index(op.f("ix_portal_staff_email"), "staff", ["email"], schema="portal")
    op.create_table(
        "portal_login",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("account_id", sa.Uuid(), nullable=False),
        sa.Column("contact_id", sa.Uuid(), nullable=False),
        sa.Column("email", sa.String(length=320), nullable=False),
        sa.Column("password_hash", sa.String(length=255), nullable=False),
        sa.Column("display_name", sa.String(length=200), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["account_id"], ["portal.account.id"], name=op.f("fk_portal_login_account_id_account")
        ),
        sa.ForeignKeyConstraint(
            ["contact_id"], ["portal.contact.id"], name=op.f("fk_portal_login_contact_id_contact")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_portal_login")),
        sa.UniqueConstraint("account_id", "email", name="uq_portal_login_account_email"),
        sa.UniqueConstraint("contact_id", name=op.f("uq_portal_login_contact_id")),
        schema="portal",
    )
    op.create_index(
        op.f("ix_portal_portal_login_account_id"), "portal_login", ["account_id"], schema="portal"
    )
    op.create_index(
        op.f("ix_portal_portal_login_email"), "portal_login", ["email"], schema="portal"
    )
    op.create_table(
        "registration_token",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("account_id", sa.Uuid(), nullable=False),
        sa.Column("contact_id", sa.Uuid(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            nullable=False,
        ),
        sa.Column(
            "expires_at",
            sa.DateTime(timezone=True),
            nullable=False,
        ),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["portal.account.id"],
            name=op.f("fk_registration_token_account_id_account"),
        ),
        sa.ForeignKeyConstraint(
            ["contact_id"],
            ["portal.contact.id"],
            name=op.f("fk_registration_token_contact_id_contact"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_registration_token")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_registration_token_token_hash")),
        schema="portal",
    )
    op.create_index(
        op.f("ix_portal_registration_token_account_id"),
        "registration_token",
        ["account_id"],
        schema="portal",
    )
    op.create_index(
        op.f("ix_portal_registration_token_contact_id"),
        "registration_token",
        ["contact_id"],
        schema="portal",
    )
    op.create_table(
        "unit",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("account_id", sa.Uuid(), nullable=False),
        sa.Column("property_id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("search_text", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"], ["portal.account.id"], name=op.f("fk_unit_account_id_account")
        ),
        sa.ForeignKeyConstraint(
            ["property_id"], ["portal.property.id"], name=op.f("fk_unit_property_id_property")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_unit")),
        sa.UniqueConstraint("property_id", "name", name="uq_unit_property_name"),
        schema="portal",
    )
    op.create_index(op.f("ix_portal_unit_account_id"), "unit", ["account_id"], schema="portal")
    op.create_index(op.f("ix_portal_unit_property_id"), "unit", ["property_id"], schema="portal")
    op.create_table(
        "contract",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("account_id", sa.Uuid(), nullable=False),
        sa.Column("contact_id", sa.Uuid(), nullable=False),
        sa.Column("unit_id", sa.Uuid(), nullable=False),
        sa.Column("property_id", sa.Uuid(), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=True),
        sa.CheckConstraint("role IN ('owner', 'tenant')", name=op.f("ck_contract_role")),
        sa.CheckConstraint(
            "end_date IS NULL OR end_date >= start_date", name=op.f("ck_contract_ends_after_start")
        ),
        sa.ForeignKeyConstraint(
            ["account_id"], ["portal.account.id"], name=op.f("fk_contract_account_id_account")
        ),
        sa.ForeignKeyConstraint(
            ["contact_id"], ["portal.contact.id"], name=op.f("fk_contract_contact_id_contact")
        ),
        sa.ForeignKeyConstraint(
            ["property_id"], ["portal.property.id"], name=op.f("fk_contract_property_id_property")
        ),
        sa.ForeignKeyConstraint(
            ["unit_id"], ["portal.unit.id"], name=op.f("fk_contract_unit_id_unit")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contract")),
        schema="portal",
    )
    op.create_index("ix_contract_contact_id", "contract", ["contact_id"], schema="portal")
    op.create_index("ix_contract_property_id", "contract", ["property_id"], schema="portal")
    op.create_index("ix_contract_unit_id", "contract", ["unit_id"], schema="portal")
    op.create_index(
        op.f("ix_portal_contract_account_id"), "contract", ["account_id"], schema="portal"
    )


def downgrade() -> None:
    # Dropping a table drops its indexes too, on both backends.
    for table in (
        "contract",
        "unit",
        "registration_token",
        "portal_login",
        "staff",
        "property",
        "contact",
        "account",
    ):
        op.drop_table(table, schema="portal")
