"""Creating accounts (CLI, demo seed, tests) and changing their settings."""

from __future__ import annotations

import re
import uuid
from urllib.parse import urlsplit

from sqlalchemy.ext.asyncio import AsyncSession

from hausportal.kit.errors import Invalid, not_found
from hausportal.kit.passwords import hash_password
from hausportal.portal import events
from hausportal.portal.accounts import repository
from hausportal.portal.models import Account, Staff
from hausportal.portal.text import clean, slugify

MIN_PASSWORD_LENGTH = 8
_COLOR = re.compile(r"#[0-9a-fA-F]{6}")
MAX_LOGO_URL_LENGTH = 1000


async def create_account(
    session: AsyncSession,
    *,
    name: str,
    admin_email: str,
    admin_name: str,
    admin_password: str,
) -> tuple[Account, Staff]:
    """A new account with its first administrator; publishes AccountUpserted and StaffUpserted."""
    account_name, staff_name = clean(name), clean(admin_name)
    email = (clean(admin_email) or "").lower()
    if not account_name or not staff_name or "@" not in email:
        raise Invalid(
            "account_incomplete", "Name, E-Mail und Name des Administrators werden benötigt."
        )
    if len(admin_password) < MIN_PASSWORD_LENGTH:
        raise Invalid(
            "password_too_short",
            f"Das Passwort muss mindestens {MIN_PASSWORD_LENGTH} Zeichen lang sein.",
        )
    account = Account(name=account_name, slug=await _free_slug(session, account_name))
    session.add(account)
    await session.flush()
    admin = Staff(
        account_id=account.id,
        name=staff_name,
        email=email,
        role="admin",
        password_hash=hash_password(admin_password),
        active=True,
    )
    session.add(admin)
    await session.flush()
    await events.publish(session, events.account_upserted(account), events.staff_upserted(admin))
    return account, admin


async def _free_slug(session: AsyncSession, name: str) -> str:
    base = slugify(name)
    taken = await repository.slugs_like(session, slug=base)
    slug, n = base, 1
    while slug in taken:
        n += 1
        slug = f"{base}-{n}"
    return slug


async def get_account(session: AsyncSession, *, account_id: uuid.UUID) -> Account:
    account = await repository.get(session, account_id=account_id)
    if account is None:
        raise not_found("Das Konto")
    return account


async def update_account(
    session: AsyncSession, *, account_id: uuid.UUID, changes: dict[str, object]
) -> Account:
    """Name, access windows and branding; the change takes effect at once everywhere
    (AccountUpserted)."""
    account = await get_account(session, account_id=account_id)
    changes = _checked_branding(changes)
    for field, value in changes.items():
        setattr(account, field, value)
    await session.flush()
    await events.publish(session, events.account_upserted(account))
    return account


def _checked_branding(changes: dict[str, object]) -> dict[str, object]:
    """A colour is #rrggbb (stored lower-case), a logo an http(s) address; blank clears."""
    checked = dict(changes)
    if isinstance(color := checked.get("primary_color"), str):
        color = color.strip()
        if color and not _COLOR.fullmatch(color):
            raise Invalid(
                "invalid_color",
                "Die Farbe muss im Format #rrggbb angegeben werden, zum Beispiel #1f5f8b.",
                field="primary_color",
            )
        checked["primary_color"] = color.lower() or None
    if isinstance(logo := checked.get("logo_url"), str):
        logo = logo.strip()
        parts = urlsplit(logo)
        if logo and (
            parts.scheme not in ("http", "https")
            or not parts.netloc
            or len(logo) > MAX_LOGO_URL_LENGTH
            or any(ch.isspace() for ch in logo)
        ):
            raise Invalid(
                "invalid_logo_url",
                "Das Logo muss eine Internetadresse sein, die mit https:// beginnt "
                f"(höchstens {MAX_LOGO_URL_LENGTH} Zeichen).",
                field="logo_url",
            )
        checked["logo_url"] = logo or None
    return checked
