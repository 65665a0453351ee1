"""Accounts (management companies) and their staff."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import Boolean, CheckConstraint, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from hausportal.kit.db import UtcDateTime, uuid_primary_key
from hausportal.portal.models import Base
from hausportal.portal.models.columns import account_key, utcnow


class Account(Base):
    __tablename__ = "account"

    id: Mapped[uuid.UUID] = uuid_primary_key()
    name: Mapped[str] = mapped_column(String(200))
    slug: Mapped[str] = mapped_column(String(100), unique=True)
    # Portal access before a contract starts / after it ends; None: switched off.
    access_pre_contract_days: Mapped[int | None] = mapped_column(Integer)
    access_post_contract_days: Mapped[int | None] = mapped_column(Integer)
    # Branding ("Erscheinungsbild") of the account's e-mails: an http(s) address of its logo
    # and its primary colour as #rrggbb; None: the portal's default.
    logo_url: Mapped[str | None] = mapped_column(String(1000))
    primary_color: Mapped[str | None] = mapped_column(String(7))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class Staff(Base):
    __tablename__ = "staff"
    __table_args__ = (
        UniqueConstraint("account_id", "email", name="uq_staff_account_email"),
        CheckConstraint("role IN ('admin', 'staff')", name="role"),
    )

    id: Mapped[uuid.UUID] = uuid_primary_key()
    account_id: Mapped[uuid.UUID] = account_key()
    name: Mapped[str] = mapped_column(String(200))
    # Stored lower-case: the login compares e-mails case-insensitively.
    email: Mapped[str] = mapped_column(String(320), index=True)
    role: Mapped[str] = mapped_column(String(16))
    password_hash: Mapped[str] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
