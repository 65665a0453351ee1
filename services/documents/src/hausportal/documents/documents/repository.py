"""Queries of documents and their download audit (staff side and the purge)."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, func, literal, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from hausportal.documents.documents.schemas import AudienceKind
from hausportal.documents.models import Document, DocumentStatus, Download
from hausportal.kit.paging import PageParams


@dataclass(frozen=True, kw_only=True)
class DocumentFilter:
    property_id: uuid.UUID | None = None
    unit_id: uuid.UUID | None = None
    document_type: str | None = None
    audience: AudienceKind | None = None
    # None: staged and published, not deleted ones.
    status: DocumentStatus | None = None
    # Part of the title or the file name, any case.
    q: str | None = None
    # The letters of one SmartPost serial letter.
    serial_letter_id: uuid.UUID | None = None


async def get(
    session: AsyncSession, *, account_id: uuid.UUID, document_id: uuid.UUID
) -> Document | None:
    return await session.scalar(
        select(Document).where(Document.id == document_id, Document.account_id == account_id)
    )


async def get_many(
    session: AsyncSession, *, account_id: uuid.UUID, document_ids: Iterable[uuid.UUID]
) -> dict[uuid.UUID, Document]:
    ids = list(set(document_ids))
    rows = await session.scalars(
        select(Document).where(Document.account_id == account_id, Document.id.in_(ids))
    )
    return {document.id: document for document in rows}


async def by_id(session: AsyncSession, *, document_id: uuid.UUID) -> Document | None:
    """The document with this id in whichever account (ids are unique across accounts)."""
    return await session.get(Document, document_id)


async def of_serial_letter(
    session: AsyncSession, *, account_id: uuid.UUID, serial_letter_id: uuid.UUID
) -> list[Document]:
    """Every document that is a letter of the serial letter, deleted ones included."""
    rows = await session.scalars(
        select(Document).where(
            Document.account_id == account_id, Document.serial_letter_id == serial_letter_id
        )
    )
    return list(rows)


async def add(session: AsyncSession, documents: Iterable[Document]) -> None:
    session.add_all(list(documents))
    await session.flush()


async def search(
    session: AsyncSession, *, account_id: uuid.UUID, where: DocumentFilter, page: PageParams
) -> tuple[list[Document], int]:
    conditions = [Document.account_id == account_id, *_conditions(where)]
    total = await session.scalar(select(func.count()).select_from(Document).where(*conditions))
    rows = await session.scalars(
        select(Document)
        .where(*conditions)
        .order_by(Document.created_at.desc(), Document.id.desc())
        .limit(page.limit)
        .offset(page.offset)
    )
    return list(rows), total or 0


def _conditions(where: DocumentFilter) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if where.property_id is not None:
        conditions.append(Document.property_id == where.property_id)
    if where.unit_id is not None:
        conditions.append(Document.unit_id == where.unit_id)
    if where.serial_letter_id is not None:
        conditions.append(Document.serial_letter_id == where.serial_letter_id)
    if where.document_type:
        conditions.append(func.lower(Document.document_type) == where.document_type.lower())
    if where.status is None:
        conditions.append(Document.status != DocumentStatus.deleted)
    else:
        conditions.append(Document.status == where.status)
    if where.audience is not None:
        conditions.append(_audience_condition(where.audience))
    if where.q:
        pattern = "%" + _escape_like(where.q.strip().lower()) + "%"
        conditions.append(
            or_(
                func.lower(Document.title).like(pattern, escape="\\"),
                func.lower(Document.file_name).like(pattern, escape="\\"),
            )
        )
    return conditions


def _audience_condition(kind: AudienceKind) -> ColumnElement[bool]:
    if kind is AudienceKind.internal:
        return Document.internal.is_(True)
    if kind is AudienceKind.contact:
        return Document.contact_id.is_not(None)
    # groups is "owners,tenants": look for ",owners," in ",owners,tenants,".
    return (literal(",") + Document.groups + literal(",")).like(f"%,{kind.value},%")


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


async def due_for_purge(
    session: AsyncSession, *, deleted_before: datetime, limit: int
) -> list[Document]:
    """Deleted documents (of every account) whose content is past its retention."""
    rows = await session.scalars(
        select(Document)
        .where(
            Document.status == DocumentStatus.deleted,
            Document.purged_at.is_(None),
            Document.deleted_at <= deleted_before,
        )
        .order_by(Document.deleted_at)
        .limit(limit)
    )
    return list(rows)


async def record_download(
    session: AsyncSession,
    *,
    account_id: uuid.UUID,
    document_id: uuid.UUID,
    contact_id: uuid.UUID,
    at: datetime,
) -> None:
    session.add(
        Download(
            account_id=account_id, document_id=document_id, contact_id=contact_id, downloaded_at=at
        )
    )
    await session.flush()


async def downloads(
    session: AsyncSession, *, account_id: uuid.UUID, document_id: uuid.UUID, page: PageParams
) -> tuple[list[Download], int]:
    conditions = [Download.account_id == account_id, Download.document_id == document_id]
    total = await session.scalar(select(func.count()).select_from(Download).where(*conditions))
    rows = await session.scalars(
        select(Download)
        .where(*conditions)
        .order_by(Download.downloaded_at.desc(), Download.id)
        .limit(page.limit)
        .offset(page.offset)
    )
    return list(rows), total or 0
