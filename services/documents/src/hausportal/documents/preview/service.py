"""Who the preview pretends to be: a hypothetical ``Viewer`` of the property, put through the
same listing as a contact's own ``/my/documents`` (``my_documents.service``)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Literal

from sqlalchemy.ext.asyncio import AsyncSession

from hausportal.contracts.directory import ContractRole
from hausportal.documents.documents.audience import check_placement
from hausportal.documents.models import Document
from hausportal.documents.my_documents.service import visible_documents
from hausportal.documents.preview.schemas import PreviewRole
from hausportal.kit.errors import Invalid
from hausportal.kit.paging import PageParams
from hausportal.kit.visibility import Contract, Viewer

# The hypothetical person is nobody: no contact, contract or unit has the nil UUID. Without a
# contact id nothing shared individually reaches it; a contract on the nil unit reaches the
# property's own documents and no unit's.
NOBODY = uuid.UUID(int=0)


@dataclass(frozen=True, kw_only=True)
class Preview:
    documents: Sequence[Document]
    total: int
    scope: Literal["unit", "property"]


def preview_viewer(
    *,
    account_id: uuid.UUID,
    property_id: uuid.UUID,
    role: PreviewRole,
    unit_id: uuid.UUID | None,
    on: date,
) -> Viewer:
    """A tenant or owner with one contract active on ``on`` (on ``unit_id``, or on no unit of
    the property), or a registered resident of the property."""
    if role is PreviewRole.resident:
        return Viewer(account_id=account_id, resident_property_ids=frozenset({property_id}))
    contract = Contract(
        contract_id=NOBODY,
        contact_id=NOBODY,
        unit_id=unit_id or NOBODY,
        property_id=property_id,
        role=ContractRole(role.value),
        start=on,
    )
    return Viewer(account_id=account_id, contracts=(contract,))


async def documents_preview(
    session: AsyncSession,
    *,
    account_id: uuid.UUID,
    property_id: uuid.UUID,
    role: PreviewRole,
    unit_id: uuid.UUID | None,
    on: date,
    page: PageParams,
    document_type: str | None = None,
) -> Preview:
    """404 for a property or unit the read model does not know (or a unit of another
    property); 422 for a resident of a unit (residents belong to the property)."""
    await check_placement(
        session, account_id=account_id, property_id=property_id, unit_id=unit_id, audience=None
    )
    if role is PreviewRole.resident and unit_id is not None:
        raise Invalid(
            "residents_need_property",
            "Bewohner gehören zur ganzen Liegenschaft, nicht zu einer Einheit: "
            "bitte die Vorschau als Bewohner ohne Einheit aufrufen.",
        )
    viewer = preview_viewer(
        account_id=account_id, property_id=property_id, role=role, unit_id=unit_id, on=on
    )
    documents, total = await visible_documents(
        session, viewer=viewer, on=on, page=page, document_type=document_type
    )
    return Preview(
        documents=documents, total=total, scope="unit" if unit_id is not None else "property"
    )
