"""The directory read model's tables as Alembic operations, frozen as v1 like a migration.

A consuming service's migration calls ``create_directory_tables_v1(schema)``; a later change of
``directory_tables`` gets ``..._v2`` operations in a new migration of every consumer.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

_TABLES = ("dir_contract", "dir_contact", "dir_unit", "dir_property", "dir_staff", "dir_account")
# Frozen here, not imported from tables.py: v1 must keep building what it built.
_INDEXED = {
    "dir_staff": ("account_id",),
    "dir_property": ("account_id",),
    "dir_unit": ("property_id",),
    "dir_contact": ("account_id",),
    "dir_contract": ("contact_id", "unit_id", "property_id"),
}


def _address() -> list[sa.Column]:  # type: ignore[type-arg]
    return [
        sa.Column("street", sa.String(length=255), nullable=True),
        sa.Column("zip_code", sa.String(length=20), nullable=True),
        sa.Column("city", sa.String(length=255), nullable=True),
        sa.Column("country", sa.String(length=2), nullable=False),
    ]


def create_directory_tables_v1(schema: str) -> None:
    op.create_table(
        "dir_account",
        sa.Column("account_id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("pre_contract_days", sa.Integer(), nullable=True),
        sa.Column("post_contract_days", sa.Integer(), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("account_id", name=op.f("pk_dir_account")),
        schema=schema,
    )
    op.create_table(
        "dir_staff",
        sa.Column("staff_id", sa.Uuid(), nullable=False),
        sa.Column("account_id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("email", sa.String(length=320), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("staff_id", name=op.f("pk_dir_staff")),
        schema=schema,
    )
    op.create_table(
        "dir_property",
        sa.Column("property_id", sa.Uuid(), nullable=False),
        sa.Column("account_id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        *_address(),
        sa.PrimaryKeyConstraint("property_id", name=op.f("pk_dir_property")),
        schema=schema,
    )
    op.create_table(
        "dir_unit",
        sa.Column("unit_id", sa.Uuid(), nullable=False),
        sa.Column("account_id", sa.Uuid(), nullable=False),
        sa.Column("property_id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.PrimaryKeyConstraint("unit_id", name=op.f("pk_dir_unit")),
        schema=schema,
    )
    op.create_table(
        "dir_contact",
        sa.Column("contact_id", sa.Uuid(), nullable=False),
        sa.Column("account_id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("email", sa.String(length=320), nullable=True),
        sa.Column("contact_number", sa.String(length=100), nullable=True),
        *_address(),
        sa.Column("preference", sa.String(length=20), nullable=False),
        sa.Column("registered", sa.Boolean(), nullable=False),
        sa.Column("resident_property_ids", sa.JSON(), nullable=False),
        sa.Column("archived", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("contact_id", name=op.f("pk_dir_contact")),
        schema=schema,
    )
    op.create_table(
        "dir_contract",
        sa.Column("contract_id", sa.Uuid(), nullable=False),
        sa.Column("account_id", sa.Uuid(), nullable=False),
        sa.Column("contact_id", sa.Uuid(), nullable=False),
        sa.Column("unit_id", sa.Uuid(), nullable=False),
        sa.Column("property_id", sa.Uuid(), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("start", sa.Date(), nullable=False),
        sa.Column("end", sa.Date(), nullable=True),
        sa.PrimaryKeyConstraint("contract_id", name=op.f("pk_dir_contract")),
        schema=schema,
    )
    for table, columns in _INDEXED.items():
        for column in columns:
            op.create_index(f"ix_{table}_{column}", table, [column], unique=False, schema=schema)


def drop_directory_tables_v1(schema: str) -> None:
    for table, columns in _INDEXED.items():
        for column in columns:
            op.drop_index(f"ix_{table}_{column}", table_name=table, schema=schema)
    for table in _TABLES:
        op.drop_table(table, schema=schema)
