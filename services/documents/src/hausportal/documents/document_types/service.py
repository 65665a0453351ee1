"""Document types of an account; the German defaults appear on the account's first use."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from hausportal.documents.document_types import repository
from hausportal.documents.models import DocumentType
from hausportal.kit.errors import Conflict, Invalid

DEFAULT_TYPES = ("Abrechnung", "Protokoll", "Vertrag", "Rundschreiben", "Sonstiges")
# What an upload is filed under when staff choose no type.
FALLBACK_TYPE = "Sonstiges"
# The longest name a type may have (the column's length).
MAX_TYPE_NAME = 100


async def list_types(
    session: AsyncSession, *, account_id: uuid.UUID, now: datetime
) -> list[DocumentType]:
    types = await repository.of_account(session, account_id=account_id)
    if not types:
        await repository.add_missing(session, account_id=account_id, names=DEFAULT_TYPES, now=now)
        types = await repository.of_account(session, account_id=account_id)
    return sorted(types, key=lambda t: (t.name.casefold(), t.name))


async def create_type(
    session: AsyncSession, *, account_id: uuid.UUID, name: str, now: datetime
) -> DocumentType:
    existing = await list_types(session, account_id=account_id, now=now)
    if any(t.name.casefold() == name.casefold() for t in existing):
        raise Conflict(
            "document_type_exists", f"Die Dokumentart „{name}“ gibt es bereits.", name=name
        )
    await repository.add_missing(session, account_id=account_id, names=[name], now=now)
    types = await repository.of_account(session, account_id=account_id)
    return next(t for t in types if t.name == name)


async def resolve_type(
    session: AsyncSession, *, account_id: uuid.UUID, name: str | None, now: datetime
) -> str:
    """The account's spelling of ``name`` (default "Sonstiges"), or 422 if it has no such type."""
    wanted = (name or "").strip() or FALLBACK_TYPE
    types = await list_types(session, account_id=account_id, now=now)
    for known in types:
        if known.name.casefold() == wanted.casefold():
            return known.name
    raise Invalid(
        "unknown_document_type",
        f"Die Dokumentart „{wanted}“ gibt es nicht. Bitte wählen Sie eine vorhandene Dokumentart.",
        document_type=wanted,
        allowed=[t.name for t in types],
    )


async def resolve_or_create_type(
    session: AsyncSession, *, account_id: uuid.UUID, name: str | None, now: datetime
) -> str:
    """Like ``resolve_type`` (the account's spelling; no name is "Sonstiges"), but a name the
    account does not have yet becomes one of its types instead of a 422.

    For a SmartPost letter: staff chose its type in SmartPost, and an event has nobody to
    answer a 422; filing it under "Sonstiges" would lose what staff chose.
    """
    wanted = (name or "").strip()[:MAX_TYPE_NAME].strip()
    try:
        return await resolve_type(session, account_id=account_id, name=wanted, now=now)
    except Invalid as error:
        if error.code != "unknown_document_type":
            raise
    return (await create_type(session, account_id=account_id, name=wanted, now=now)).name
