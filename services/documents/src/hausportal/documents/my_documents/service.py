"""What a contact sees, decided by ``hausportal.kit.visibility.can_see`` and nothing else."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from hausportal.contracts.directory import AccessWindows
from hausportal.documents.documents import repository as documents
from hausportal.documents.documents.service import document_not_found
from hausportal.documents.models import Document, directory
from hausportal.documents.my_documents import repository
from hausportal.kit.auth import Principal
from hausportal.kit.clock import Clock, today
from hausportal.kit.paging import PageParams
from hausportal.kit.visibility import SharedItem, Viewer, can_see


@dataclass(frozen=True)
class _Sight:
    """A contact's view on one day: who it is and the account's access windows."""

    viewer: Viewer
    access: AccessWindows
    clock: Clock

    def sees(self, document: Document) -> bool:
        audience = document.audience
        if audience is None:
            return False
        item = SharedItem(
            account_id=document.account_id,
            property_id=document.property_id,
            unit_id=document.unit_id,
            audience=audience,
        )
        return can_see(self.viewer, item, access=self.access, on=today(self.clock)).visible


async def _sight(session: AsyncSession, *, contact: Principal, clock: Clock) -> _Sight:
    viewer = await directory.viewer(
        session, account_id=contact.account_id, contact_id=contact.subject_id
    )
    access = await directory.access(session, account_id=contact.account_id)
    return _Sight(viewer=viewer, access=access, clock=clock)


async def my_documents(
    session: AsyncSession,
    *,
    contact: Principal,
    clock: Clock,
    page: PageParams,
    property_id: uuid.UUID | None = None,
    document_type: str | None = None,
) -> tuple[Sequence[Document], int]:
    """The page of documents the contact can see today, newest first, and how many in all."""
    sight = await _sight(session, contact=contact, clock=clock)
    viewer = sight.viewer
    properties = {c.property_id for c in viewer.contracts} | viewer.resident_property_ids
    candidates = await repository.candidates(
        session,
        account_id=contact.account_id,
        contact_id=contact.subject_id,
        property_ids=properties,
        property_id=property_id,
        document_type=document_type,
    )
    visible = [document for document in candidates if sight.sees(document)]
    return visible[page.offset : page.offset + page.limit], len(visible)


async def my_document(
    session: AsyncSession, *, contact: Principal, clock: Clock, document_id: uuid.UUID
) -> Document:
    """One document the contact can see; 404 otherwise (never 403: existence stays secret)."""
    document = await repository.published(
        session, account_id=contact.account_id, document_id=document_id
    )
    if document is None:
        raise document_not_found()
    sight = await _sight(session, contact=contact, clock=clock)
    if not sight.sees(document):
        raise document_not_found()
    return document


async def record_download(
    session: AsyncSession, *, contact: Principal, clock: Clock, document: Document
) -> None:
    await documents.record_download(
        session,
        account_id=contact.account_id,
        document_id=document.id,
        contact_id=contact.subject_id,
        at=clock.now(),
    )
