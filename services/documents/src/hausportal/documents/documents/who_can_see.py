"""Staff ask "who can see this, and why": the contacts of the read model that
``hausportal.kit.visibility`` lets see a document on a day (``DirectoryMirror.audience``);
no rule of its own here."""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy.ext.asyncio import AsyncSession

from hausportal.documents.documents.audience import shared_item
from hausportal.documents.documents.schemas import AudienceContactOut, DocumentAudienceOut
from hausportal.documents.documents.service import get
from hausportal.documents.models import DocumentStatus, directory
from hausportal.kit.errors import Invalid


async def who_can_see(
    session: AsyncSession, *, account_id: uuid.UUID, document_id: uuid.UUID, on: date
) -> DocumentAudienceOut:
    """404 for a document of another account or none; 422 for a staged one without audience."""
    document = await get(session, account_id=account_id, document_id=document_id)
    status = DocumentStatus(document.status)
    if status is DocumentStatus.deleted:
        # Hidden from every contact at once, whatever the day asked about.
        return DocumentAudienceOut(
            document_id=document.id, on=on, status=status, internal=document.internal, contacts=[]
        )
    item = shared_item(document)
    if item is None:
        raise Invalid(
            "audience_missing",
            "Für dieses Dokument ist noch keine Freigabe gewählt; "
            "wer es sehen wird, steht erst mit der Freigabe fest.",
        )
    seen = await directory.audience(session, item=item, on=on)
    contracts = await directory.contracts(
        session,
        account_id=account_id,
        contract_ids={d.contract_id for _, d in seen if d.contract_id is not None},
    )
    contacts: list[AudienceContactOut] = []
    for contact, decision in seen:
        contract = contracts.get(decision.contract_id) if decision.contract_id else None
        contacts.append(
            AudienceContactOut(
                contact_id=contact.contact_id,
                name=contact.name,
                registered=contact.registered,
                reason=decision.reason.value,
                contract_id=decision.contract_id,
                role=contract.role if contract else None,
                unit_id=contract.unit_id if contract else None,
                contract_start=contract.start if contract else None,
                contract_end=contract.end if contract else None,
            )
        )
    return DocumentAudienceOut(
        document_id=document.id,
        on=on,
        status=status,
        internal=item.audience.internal,
        contacts=contacts,
    )
