"""Queries of the documents a contact might see (the visibility decision comes after)."""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from sqlalchemy import ColumnElement, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from hausportal.documents.models import Document, DocumentStatus


async def candidates(
    session: AsyncSession,
    *,
    account_id: uuid.UUID,
    contact_id: uuid.UUID | None,
    property_ids: Iterable[uuid.UUID],
    property_id: uuid.UUID | None = None,
    document_type: str | None = None,
) -> list[Document]:
    """Published documents of the contact's properties or shared with it, newest first.

    ``contact_id`` None: nobody in particular (the staff's preview), so nothing individual.
    """
    properties = list(set(property_ids))
    reach: list[ColumnElement[bool]] = []
    if contact_id is not None:
        reach.append(Document.contact_id == contact_id)
    if properties:
        reach.append(Document.property_id.in_(properties))
    if not reach:
        return []
    statement = select(Document).where(
        Document.account_id == account_id,
        Document.status == DocumentStatus.published,
        or_(*reach),
    )
    if property_id is not None:
        statement = statement.where(Document.property_id == property_id)
    if document_type:
        statement = statement.where(func.lower(Document.document_type) == document_type.lower())
    rows = await session.scalars(
        statement.order_by(Document.published_at.desc(), Document.id.desc())
    )
    return list(rows)


async def published(
    session: AsyncSession, *, account_id: uuid.UUID, document_id: uuid.UUID
) -> Document | None:
    return await session.scalar(
        select(Document).where(
            Document.id == document_id,
            Document.account_id == account_id,
            Document.status == DocumentStatus.published,
        )
    )
