"""The directory read model's tables, added to a consuming service's own metadata (its schema)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    DateTime,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Uuid,
)

# The lookups of the read model: by account, by property, a contact's contracts.
INDEXED: dict[str, tuple[str, ...]] = {
    "dir_staff": ("account_id",),
    "dir_property": ("account_id",),
    "dir_unit": ("property_id",),
    "dir_contact": ("account_id",),
    "dir_contract": ("contact_id", "unit_id", "property_id"),
}


def _qualified(metadata: MetaData, table: str) -> str:
    return f"{metadata.schema}.{table}" if metadata.schema else table


@dataclass(frozen=True)
class DirectoryTables:
    account: Table
    staff: Table
    property: Table
    unit: Table
    contact: Table
    contract: Table


def _address(prefix: str = "") -> list[Column]:  # type: ignore[type-arg]
    return [
        Column(f"{prefix}street", String(255), nullable=True),
        Column(f"{prefix}zip_code", String(20), nullable=True),
        Column(f"{prefix}city", String(255), nullable=True),
        Column(f"{prefix}country", String(2), nullable=False),
    ]


def directory_tables(metadata: MetaData) -> DirectoryTables:
    """Add ``dir_account``, ``dir_staff``, ``dir_property``, ``dir_unit``, ``dir_contact`` and
    ``dir_contract`` to a service's metadata: its copy of the portal's master data."""
    account = Table(
        "dir_account",
        metadata,
        Column("account_id", Uuid, primary_key=True),
        Column("name", String(255), nullable=False),
        # NULL: the window is switched off (no access before start / after end).
        Column("pre_contract_days", Integer, nullable=True),
        Column("post_contract_days", Integer, nullable=True),
        Column("updated_at", DateTime(timezone=True), nullable=False),
    )
    staff = Table(
        "dir_staff",
        metadata,
        Column("staff_id", Uuid, primary_key=True),
        Column("account_id", Uuid, nullable=False),
        Column("name", String(255), nullable=False),
        Column("email", String(320), nullable=False),
        Column("role", String(20), nullable=False),
        Column("active", Boolean, nullable=False),
    )
    property_ = Table(
        "dir_property",
        metadata,
        Column("property_id", Uuid, primary_key=True),
        Column("account_id", Uuid, nullable=False),
        Column("name", String(255), nullable=False),
        *_address(),
    )
    unit = Table(
        "dir_unit",
        metadata,
        Column("unit_id", Uuid, primary_key=True),
        Column("account_id", Uuid, nullable=False),
        Column("property_id", Uuid, nullable=False),
        Column("name", String(255), nullable=False),
    )
    contact = Table(
        "dir_contact",
        metadata,
        Column("contact_id", Uuid, primary_key=True),
        Column("account_id", Uuid, nullable=False),
        Column("name", String(255), nullable=False),
        Column("email", String(320), nullable=True),
        Column("contact_number", String(100), nullable=True),
        *_address(),
        Column("preference", String(20), nullable=False),
        Column("registered", Boolean, nullable=False),
        # UUIDs as strings: the properties the contact is a registered resident of.
        Column("resident_property_ids", JSON, nullable=False),
        Column("archived", Boolean, nullable=False),
    )
    contract = Table(
        "dir_contract",
        metadata,
        Column("contract_id", Uuid, primary_key=True),
        Column("account_id", Uuid, nullable=False),
        Column("contact_id", Uuid, nullable=False),
        Column("unit_id", Uuid, nullable=False),
        Column("property_id", Uuid, nullable=False),
        Column("role", String(20), nullable=False),
        Column("start", Date, nullable=False),
        Column("end", Date, nullable=True),
    )
    # Named without the schema (the naming convention's label would include it).
    for table, columns in INDEXED.items():
        for column in columns:
            Index(f"ix_{table}_{column}", metadata.tables[_qualified(metadata, table)].c[column])
    return DirectoryTables(
        account=account,
        staff=staff,
        property=property_,
        unit=unit,
        contact=contact,
        contract=contract,
    )
