"""invitations and access: invitations (replacing registration tokens), property invite links,
residents, refresh sessions, password reset tokens

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01 09:20:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _timestamp(name: str, *, nullable: bool) -> sa.Column:  # type: ignore[type-arg]
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "invitation",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("account_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("secret_hash", sa.String(length=64), nullable=True),
        sa.Column("email", sa.String(length=320), nullable=True),
        sa.Column("name", sa.String(length=200), nullable=True),
        sa.Column("contact_id", sa.Uuid(), nullable=True),
        sa.Column("property_id", sa.Uuid(), nullable=True),
        sa.Column("staff_role", sa.String(length=16), nullable=True),
        sa.Column("text", sa.Text(), nullable=True),
        _timestamp("expires_at", nullable=True),
        _timestamp("used_at", nullable=True),
        _timestamp("revoked_at", nullable=True),
        sa.Column("created_by", sa.Uuid(), nullable=True),
        _timestamp("created_at", nullable=False),
        sa.CheckConstraint(
            "kind IN ('contact', 'property', 'staff')", name=op.f("ck_invitation_kind")
        ),
        sa.CheckConstraint(
            "staff_role IS NULL OR staff_role IN ('admin', 'staff')",
            name=op.f("ck_invitation_staff_role"),
        ),
        sa.ForeignKeyConstraint(
            ["account_id"], ["portal.account.id"], name=op.f("fk_invitation_account_id_account")
        ),
        sa.ForeignKeyConstraint(
            ["contact_id"], ["portal.contact.id"], name=op.f("fk_invitation_contact_id_contact")
        ),
        sa.ForeignKeyConstraint(
            ["created_by"], ["portal.staff.id"], name=op.f("fk_invitation_created_by_staff")
        ),
        sa.ForeignKeyConstraint(
            ["property_id"],
            ["portal.property.id"],
            name=op.f("fk_invitation_property_id_property"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_invitation")),
        sa.UniqueConstraint("secret_hash", name=op.f("uq_invitation_secret_hash")),
        schema="portal",
    )
    op.create_index("ix_invitation_contact_id", "invitation", ["contact_id"], schema="portal")
    op.create_index("ix_invitation_property_id", "invitation", ["property_id"], schema="portal")
    op.create_index(
        op.f("ix_portal_invitation_account_id"), "invitation", ["account_id"], schema="portal"
    )
    # One mechanism for contact invitations: the open and used registration tokens move over
    # (same hash, so links already sent keep working).
    op.execute(
        "INSERT INTO portal.invitation "
        "(id, account_id, kind, secret_hash, contact_id, expires_at, used_at, created_at) "
        "SELECT id, account_id, 'contact', token_hash, contact_id, expires_at, used_at, "
        "created_at FROM portal.registration_token"
    )
    op.drop_table("registration_token", schema="portal")

    op.create_table(
        "property_invite_link",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("account_id", sa.Uuid(), nullable=False),
        sa.Column("property_id", sa.Uuid(), nullable=False),
        sa.Column("token", sa.String(length=64), nullable=False),
        sa.Column("created_by", sa.Uuid(), nullable=True),
        _timestamp("created_at", nullable=False),
        _timestamp("revoked_at", nullable=True),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["portal.account.id"],
            name=op.f("fk_property_invite_link_account_id_account"),
        ),
        sa.ForeignKeyConstraint(
            ["created_by"],
            ["portal.staff.id"],
            name=op.f("fk_property_invite_link_created_by_staff"),
        ),
        sa.ForeignKeyConstraint(
            ["property_id"],
            ["portal.property.id"],
            name=op.f("fk_property_invite_link_property_id_property"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_property_invite_link")),
        sa.UniqueConstraint("token", name=op.f("uq_property_invite_link_token")),
        schema="portal",
    )
    op.create_index(
        op.f("ix_portal_property_invite_link_account_id"),
        "property_invite_link",
        ["account_id"],
        schema="portal",
    )
    op.create_index(
        "ix_property_invite_link_property_id",
        "property_invite_link",
        ["property_id"],
        schema="portal",
    )

    op.create_table(
        "residency",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("account_id", sa.Uuid(), nullable=False),
        sa.Column("contact_id", sa.Uuid(), nullable=False),
        sa.Column("property_id", sa.Uuid(), nullable=False),
        _timestamp("created_at", nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"], ["portal.account.id"], name=op.f("fk_residency_account_id_account")
        ),
        sa.ForeignKeyConstraint(
            ["contact_id"], ["portal.contact.id"], name=op.f("fk_residency_contact_id_contact")
        ),
        sa.ForeignKeyConstraint(
            ["property_id"],
            ["portal.property.id"],
            name=op.f("fk_residency_property_id_property"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_residency")),
        sa.UniqueConstraint("contact_id", "property_id", name="uq_residency_contact_property"),
        schema="portal",
    )
    op.create_index(
        op.f("ix_portal_residency_account_id"), "residency", ["account_id"], schema="portal"
    )
    op.create_index("ix_residency_property_id", "residency", ["property_id"], schema="portal")

    for table in ("refresh_session", "password_reset_token"):
        extra = (
            [
                sa.Column("family_id", sa.Uuid(), nullable=False),
                sa.Column("subject_kind", sa.String(length=16), nullable=False),
                sa.Column("subject_id", sa.Uuid(), nullable=False),
                sa.Column("token_hash", sa.String(length=64), nullable=False),
                _timestamp("created_at", nullable=False),
                _timestamp("expires_at", nullable=False),
                _timestamp("rotated_at", nullable=True),
                _timestamp("revoked_at", nullable=True),
            ]
            if table == "refresh_session"
            else [
                sa.Column("subject_kind", sa.String(length=16), nullable=False),
                sa.Column("subject_id", sa.Uuid(), nullable=False),
                sa.Column("token_hash", sa.String(length=64), nullable=False),
                _timestamp("created_at", nullable=False),
                _timestamp("expires_at", nullable=False),
                _timestamp("used_at", nullable=True),
            ]
        )
        op.create_table(
            table,
            sa.Column("id", sa.Uuid(), nullable=False),
            sa.Column("account_id", sa.Uuid(), nullable=False),
            *extra,
            sa.CheckConstraint(
                "subject_kind IN ('staff', 'contact')", name=op.f(f"ck_{table}_subject_kind")
            ),
            sa.ForeignKeyConstraint(
                ["account_id"], ["portal.account.id"], name=op.f(f"fk_{table}_account_id_account")
            ),
            sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{table}")),
            sa.UniqueConstraint("token_hash", name=op.f(f"uq_{table}_token_hash")),
            schema="portal",
        )
        op.create_index(
            op.f(f"ix_portal_{table}_account_id"), table, ["account_id"], schema="portal"
        )
        op.create_index(f"ix_{table}_subject_id", table, ["subject_id"], schema="portal")
    op.create_index(
        "ix_refresh_session_family_id", "refresh_session", ["family_id"], schema="portal"
    )


def downgrade() -> None:
    op.create_table(
        "registration_token",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("account_id", sa.Uuid(), nullable=False),
        sa.Column("contact_id", sa.Uuid(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        _timestamp("created_at", nullable=False),
        _timestamp("expires_at", nullable=False),
        _timestamp("used_at", nullable=True),
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
    # Contact codes that are still open go back; revoked ones become used (no longer valid).
    op.execute(
        "INSERT INTO portal.registration_token "
        "(id, account_id, contact_id, token_hash, created_at, expires_at, used_at) "
        "SELECT id, account_id, contact_id, secret_hash, created_at, expires_at, "
        "COALESCE(used_at, revoked_at) FROM portal.invitation "
        "WHERE kind = 'contact' AND secret_hash IS NOT NULL AND contact_id IS NOT NULL "
        "AND expires_at IS NOT NULL"
    )
    # Dropping a table drops its indexes too, on both backends.
    for table in (
        "password_reset_token",
        "refresh_session",
        "residency",
        "property_invite_link",
        "invitation",
    ):
        op.drop_table(table, schema="portal")
