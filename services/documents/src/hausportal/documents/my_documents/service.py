"""What a contact sees, decided by ``hausportal.kit.visibility.can_see`` and nothing else.

One listing for every viewer: a contact's own (``/my/documents``) and the hypothetical tenant,
owner or resident of the staff's portal preview (``/preview``) both go through
``visible_documents``.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy.ext.asyncio import AsyncSession

from hausportal.contracts.directory import AccessWindows
from hausportal.documents.documents import repository as documents
from hausportal.documents.documents.audience import shared_item
from hausportal.documents.documents.service import document_not_found
from hausportal.documents.models import Document, directory
from hausportal.documents.my_documents import repository
from hausportal.kit.auth import Principal
from hausportal.kit.clock import Clock, today
from hausportal.kit.paging import PageParams
from hausportal.kit.visibility import Viewer, can_see


@dataclass(frozen=True)
class _Sight:
    """A viewer's view on one day: who it is and the account's access windows."""

    viewer: Viewer
    access: AccessWindows
    on: date

    def sees(self, document: Document) -> bool:
        item = shared_item(document)
        if item is None:
            return False
        return can_see(self.viewer, item, access=self.access, on=self.on).visible


async def _sight(session: AsyncSession, *, viewer: Viewer, on: date) -> _Sight:
    access = await directory.access(session, account_id=viewer.account_id)
    return _Sight(viewer=viewer, access=access, on=on)


async def contact_viewer(session: AsyncSession, *, contact: Principal) -> Viewer:
    """The calling contact with its contracts and residencies from the read model."""
    return await directory.viewer(
        session, account_id=contact.account_id, contact_id=contact.subject_id
    )


async def visible_documents(
    session: AsyncSession,
    *,
    viewer: Viewer,
    on: date,
    page: PageParams,
    property_id: uuid.UUID | None = None,
    document_type: str | None = None,
) -> tuple[Sequence[Document], int]:
    """The page of published documents ``viewer`` can see on ``on``, newest first, and how
    many in all. A viewer without ``contact_id`` (the preview's hypothetical person) has
    nothing shared individually."""
    sight = await _sight(session, viewer=viewer, on=on)
    properties = {c.property_id for c in viewer.contracts} | viewer.resident_property_ids
    candidates = await repository.candidates(
        session,
        account_id=viewer.account_id,
        contact_id=viewer.contact_id,
        property_ids=properties,
        property_id=property_id,
        document_type=document_type,
    )
    visible = [document for document in candidates if sight.sees(document)]
    return visible[page.offset : page.offset + page.limit], len(visible)


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
    return await visible_documents(
        session,
        viewer=await contact_viewer(session, contact=contact),
        on=today(clock),
        page=page,
        property_id=property_id,
        document_type=document_type,
    )


async def my_document(
    session: AsyncSession, *, contact: Principal, clock: Clock, document_id: uuid.UUID
) -> Document:
    """One document the contact can see; 404 otherwise (never 403: existence stays secret)."""
    document = await repository.published(
        session, account_id=contact.account_id, document_id=document_id
    )
    if document is None:
        raise document_not_found()
    viewer = await contact_viewer(session, contact=contact)
    sight = await _sight(session, viewer=viewer, on=today(clock))
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
