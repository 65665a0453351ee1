"""Contacts: owners, tenants and residents as master data (with or without a portal login)."""

from __future__ import annotations

import uuid

from sqlalchemy import Boolean, CheckConstraint, String, Text, UniqueConstraint, event
from sqlalchemy.orm import Mapped, mapped_column

from hausportal.kit.db import uuid_primary_key
from hausportal.portal.models import Base
from hausportal.portal.models.columns import account_key, search_key


class Contact(Base):
    __tablename__ = "contact"
    __table_args__ = (
        # The manager's own number identifies a contact within the account (imports match on it).
        UniqueConstraint("account_id", "contact_number", name="uq_contact_account_number"),
        CheckConstraint("preference IN ('online', 'letter')", name="preference"),
    )

    id: Mapped[uuid.UUID] = uuid_primary_key()
    account_id: Mapped[uuid.UUID] = account_key()
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(320))
    contact_number: Mapped[str | None] = mapped_column(String(64))
    street: Mapped[str | None] = mapped_column(String(200))
    zip_code: Mapped[str | None] = mapped_column(String(20))
    city: Mapped[str | None] = mapped_column(String(100))
    country: Mapped[str] = mapped_column(String(2), default="DE")
    preference: Mapped[str] = mapped_column(String(16), default="online")
    archived: Mapped[bool] = mapped_column(Boolean, default=False)
    search_text: Mapped[str] = mapped_column(Text, default="")

    def refresh_search_text(self) -> None:
        self.search_text = search_key(
            self.name, self.email, self.contact_number, self.street, self.zip_code, self.city
        )


@event.listens_for(Contact, "before_insert")
@event.listens_for(Contact, "before_update")
def _refresh_search_text(_mapper: object, _connection: object, target: Contact) -> None:
    target.refresh_search_text()
