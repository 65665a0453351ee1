"""Properties (Liegenschaften) and their units (Einheiten)."""

from __future__ import annotations

import uuid

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint, Uuid, event
from sqlalchemy.orm import Mapped, mapped_column

from hausportal.kit.db import uuid_primary_key
from hausportal.portal.models import Base
from hausportal.portal.models.columns import account_key, search_key


class Property(Base):
    __tablename__ = "property"

    id: Mapped[uuid.UUID] = uuid_primary_key()
    account_id: Mapped[uuid.UUID] = account_key()
    name: Mapped[str] = mapped_column(String(200))
    street: Mapped[str | None] = mapped_column(String(200))
    zip_code: Mapped[str | None] = mapped_column(String(20))
    city: Mapped[str | None] = mapped_column(String(100))
    country: Mapped[str] = mapped_column(String(2), default="DE")
    # Object key of the property's picture in object storage.
    image_key: Mapped[str | None] = mapped_column(String(500))
    search_text: Mapped[str] = mapped_column(Text, default="")

    def refresh_search_text(self) -> None:
        self.search_text = search_key(self.name, self.street, self.zip_code, self.city)


class Unit(Base):
    __tablename__ = "unit"
    __table_args__ = (UniqueConstraint("property_id", "name", name="uq_unit_property_name"),)

    id: Mapped[uuid.UUID] = uuid_primary_key()
    account_id: Mapped[uuid.UUID] = account_key()
    property_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("portal.property.id"), index=True
    )
    name: Mapped[str] = mapped_column(String(200))
    search_text: Mapped[str] = mapped_column(Text, default="")

    def refresh_search_text(self) -> None:
        self.search_text = search_key(self.name)


@event.listens_for(Property, "before_insert")
@event.listens_for(Property, "before_update")
@event.listens_for(Unit, "before_insert")
@event.listens_for(Unit, "before_update")
def _refresh_search_text(_mapper: object, _connection: object, target: Property | Unit) -> None:
    target.refresh_search_text()
