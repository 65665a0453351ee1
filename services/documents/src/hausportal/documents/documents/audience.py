"""Who a document is for, as staff choose it, and where it belongs, checked against the
read model of the portal's directory."""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from pydantic import ValidationError
from sqlalchemy.ext.asyncio import AsyncSession

from hausportal.contracts.documents import Audience, Group
from hausportal.documents.models import Document, directory
from hausportal.kit.errors import Invalid, NotFound
from hausportal.kit.visibility import SharedItem

_GROUP_WORDS = "owners (Eigentümer), tenants (Mieter), residents (Bewohner)"


def shared_item(document: Document) -> SharedItem | None:
    """The document as ``hausportal.kit.visibility`` decides about it; None without an audience
    (a staged document whose audience is not chosen yet)."""
    audience = document.audience
    if audience is None:
        return None
    return SharedItem(
        account_id=document.account_id,
        property_id=document.property_id,
        unit_id=document.unit_id,
        audience=audience,
    )


def choose_audience(
    *,
    groups: Iterable[str | Group] = (),
    internal: bool = False,
    contact_id: uuid.UUID | None = None,
    required: bool,
) -> Audience | None:
    """The one audience staff chose; 422 for several or (when ``required``) none."""
    chosen = _groups(groups)
    kinds = sum([bool(chosen), internal, contact_id is not None])
    if kinds == 0 and not required:
        return None
    if kinds != 1:
        raise Invalid(
            "audience_missing" if kinds == 0 else "audience_ambiguous",
            "Bitte wählen Sie genau eine Freigabe: Gruppen (Eigentümer, Mieter, Bewohner), "
            "nur intern oder einen einzelnen Kontakt.",
        )
    try:
        return Audience(groups=chosen, internal=internal, contact_id=contact_id)
    except ValidationError:  # pragma: no cover - the count above already decided
        raise Invalid("audience_ambiguous", "Die Freigabe ist nicht eindeutig.") from None


def _groups(values: Iterable[str | Group]) -> frozenset[Group]:
    groups: set[Group] = set()
    for value in values:
        # "owners,tenants" in one field works as well as the field repeated.
        for part in str(value).split(","):
            name = part.strip().lower()
            if not name:
                continue
            try:
                groups.add(Group(name))
            except ValueError:
                raise Invalid(
                    "unknown_group",
                    f"Die Gruppe „{part.strip()}“ gibt es nicht. Möglich sind: {_GROUP_WORDS}.",
                    group=part.strip(),
                ) from None
    return frozenset(groups)


async def check_placement(
    session: AsyncSession,
    *,
    account_id: uuid.UUID,
    property_id: uuid.UUID,
    unit_id: uuid.UUID | None,
    audience: Audience | None,
) -> None:
    """404 for a property, unit or contact the account's read model does not know."""
    if await directory.property(session, account_id=account_id, property_id=property_id) is None:
        raise NotFound("property_not_found", "Die Liegenschaft wurde nicht gefunden.")
    if unit_id is not None:
        unit = await directory.unit(session, account_id=account_id, unit_id=unit_id)
        if unit is None or unit.property_id != property_id:
            raise NotFound("unit_not_found", "Die Einheit wurde nicht gefunden.")
    if audience is None:
        return
    if audience.contact_id is not None:
        contact = await directory.contact(
            session, account_id=account_id, contact_id=audience.contact_id
        )
        if contact is None:
            raise NotFound("contact_not_found", "Der Kontakt wurde nicht gefunden.")
    if Group.residents in audience.groups and unit_id is not None:
        # Residents belong to a property, not to a unit: nobody would ever see it.
        raise Invalid(
            "residents_need_property",
            "Bewohner können nur für die ganze Liegenschaft freigegeben werden, "
            "nicht für eine einzelne Einheit.",
        )
