"""The account's branding (logo, primary colour) from its AccountUpserted snapshots.

The kit's directory mirror keeps the account's name and access windows; the branding is
notify's alone. A consumer has one handler per event, and the mirror registers the one for
AccountUpserted, so notify's mirror is the kit's with that handler extended (one handler,
one transaction, one inbox entry) instead of a second handler or a second consumer.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import String, Uuid, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from hausportal.contracts.directory import AccountUpserted
from hausportal.kit.db import UtcDateTime, upsert_insert
from hausportal.kit.directory import DirectoryMirror
from hausportal.notify.branding import Brand
from hausportal.notify.models import Base


class AccountBranding(Base):
    __tablename__ = "account_branding"

    account_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    logo_url: Mapped[str | None] = mapped_column(String(1000), nullable=True)
    primary_color: Mapped[str | None] = mapped_column(String(7), nullable=True)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)


class BrandedDirectory(DirectoryMirror):
    """The directory read model plus each account's branding."""

    async def _account_upserted(self, session: AsyncSession, event: AccountUpserted) -> None:
        await super()._account_upserted(session, event)
        branding = event.payload.branding
        row = {
            "account_id": event.account_id,
            "logo_url": branding.logo_url,
            "primary_color": branding.primary_color,
            "updated_at": event.occurred_at,
        }
        statement = upsert_insert(session)(AccountBranding).values(row)
        await session.execute(
            statement.on_conflict_do_update(
                index_elements=["account_id"],
                set_={name: statement.excluded[name] for name in row if name != "account_id"},
            )
        )

    async def brand(self, session: AsyncSession, *, account_id: uuid.UUID) -> Brand:
        """How the account's mails look; the portal's defaults until its snapshot came."""
        name = await self.account_name(session, account_id=account_id)
        row = (
            await session.execute(
                select(AccountBranding.logo_url, AccountBranding.primary_color).where(
                    AccountBranding.account_id == account_id
                )
            )
        ).first()
        return Brand.of(
            name=name,
            logo_url=row.logo_url if row else None,
            color=row.primary_color if row else None,
        )
