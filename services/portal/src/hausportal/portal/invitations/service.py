"""Inviting: a contact with a one-time code, a property through its invite link, and using an
invitation when somebody registers."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from hausportal.contracts.portal import InvitationCreated, InvitationKind, InvitationPayload
from hausportal.kit.errors import Conflict, NotFound, UserError
from hausportal.kit.visibility import berlin_today
from hausportal.portal import events
from hausportal.portal.auth.service import contact_may_log_in
from hausportal.portal.contacts.service import get_contact, is_registered
from hausportal.portal.invitations import codes, links, repository
from hausportal.portal.invitations.addresses import PastedAddresses, parse_pasted
from hausportal.portal.models import Invitation, PropertyInviteLink
from hausportal.portal.properties.service import get_property

ALREADY_REGISTERED = Conflict(
    "contact_already_registered", "Dieser Kontakt ist bereits im Portal registriert."
)
# Most addresses one pasted list may hold; more is a mistake or a mailing.
MAX_PASTED_ADDRESSES = 500


@dataclass(frozen=True)
class IssuedCode:
    invitation: Invitation
    code: str  # shown once; only its hash is stored
    link: str
    sent_to: str | None  # the address the e-mail goes to, None: not e-mailed


async def invite_contact(
    session: AsyncSession,
    *,
    account_id: uuid.UUID,
    contact_id: uuid.UUID,
    invited_by: uuid.UUID | None,
    send_email: bool,
    email: str | None,
    now: datetime,
    valid_for: timedelta,
    portal_url: str,
) -> IssuedCode:
    """A new one-time code for the contact; the contact's earlier open code stops working.

    Only while one of the contact's contracts is in its access window (409 otherwise). With
    ``send_email`` and an address (``email`` or the contact's), notify e-mails it.
    """
    contact = await get_contact(session, account_id=account_id, contact_id=contact_id)
    if await is_registered(session, contact=contact):
        raise ALREADY_REGISTERED
    if not await contact_may_log_in(
        session, account_id=account_id, contact_id=contact.id, today=berlin_today(now)
    ):
        raise Conflict(
            "contact_outside_access_window",
            f"„{contact.name}“ kann derzeit nicht eingeladen werden: Kein Vertrag des Kontakts "
            "liegt im Zugriffszeitraum. Prüfen Sie die Verträge oder die Einstellungen unter "
            "„Rollen & Zugriffsrechte“ (Zugang vor Vertragsstart und nach Vertragsende).",
        )
    await repository.revoke_open(
        session, account_id=account_id, kind="contact", contact_id=contact.id, now=now
    )
    code = codes.new_code()
    sent_to = (email or contact.email) if send_email else None
    invitation = Invitation(
        account_id=account_id,
        kind="contact",
        secret_hash=codes.secret_hash(code),
        email=sent_to,
        name=contact.name,
        contact_id=contact.id,
        expires_at=now + valid_for,
        created_by=invited_by,
        created_at=now,
    )
    session.add(invitation)
    await session.flush()
    link = links.contact_registration(portal_url, code=code)
    if sent_to:
        await events.publish(session, invitation_created(invitation, link=link, code=code))
    return IssuedCode(invitation=invitation, code=code, link=link, sent_to=sent_to)


def invitation_created(
    invitation: Invitation, *, link: str, code: str | None = None
) -> InvitationCreated:
    """The event notify e-mails the invitation from."""
    assert invitation.email is not None
    return InvitationCreated(
        account_id=invitation.account_id,
        payload=InvitationPayload(
            invitation_id=invitation.id,
            kind=InvitationKind(invitation.kind),
            email=invitation.email,
            name=invitation.name,
            link=link,
            code=code,
            expires_at=invitation.expires_at,
            contact_id=invitation.contact_id,
            property_id=invitation.property_id,
            staff_role=invitation.staff_role,  # type: ignore[arg-type]
            text=invitation.text,
            invited_by=invitation.created_by,
        ),
    )


def _invalid_code() -> UserError:
    return UserError(
        "token_invalid",
        "Der Einladungscode ist ungültig. Bitte prüfen Sie den Code oder den Link in Ihrer "
        "Einladung.",
    )


async def take(session: AsyncSession, *, entered: str, kind: str, now: datetime) -> Invitation:
    """The open invitation the code or token names, marked used; 400 or 410 otherwise."""
    invitation = await repository.by_secret_hashes(
        session, hashes=codes.code_hashes(entered), kind=kind
    )
    if invitation is None:
        raise _invalid_code()
    if invitation.used_at is not None:
        raise UserError(
            "token_used",
            "Diese Einladung wurde bereits verwendet. Bitte melden Sie sich an.",
            status_code=410,
        )
    if invitation.revoked_at is not None:
        raise UserError(
            "token_revoked",
            "Diese Einladung wurde durch eine neuere ersetzt. Bitte verwenden Sie die zuletzt "
            "erhaltene Einladung.",
            status_code=410,
        )
    if invitation.expires_at is not None and invitation.expires_at <= now:
        raise UserError(
            "token_expired",
            "Die Einladung ist abgelaufen. Bitte fordern Sie bei Ihrer Hausverwaltung eine neue "
            "Einladung an.",
            status_code=410,
        )
    invitation.used_at = now
    return invitation


# Property invite links


def _no_link() -> NotFound:
    return NotFound(
        "invite_link_missing",
        "Für diese Liegenschaft gibt es noch keinen Einladungslink. "
        "Bitte erstellen Sie ihn zuerst.",
    )


async def rotate_link(
    session: AsyncSession,
    *,
    account_id: uuid.UUID,
    property_id: uuid.UUID,
    created_by: uuid.UUID | None,
    now: datetime,
) -> PropertyInviteLink:
    """A new invite link for the property; the previous one stops working (410)."""
    prop = await get_property(session, account_id=account_id, property_id=property_id)
    current = await repository.active_link(session, account_id=account_id, property_id=prop.id)
    if current is not None:
        current.revoked_at = now
    link = PropertyInviteLink(
        account_id=account_id,
        property_id=prop.id,
        # 128 bits; short enough for a small QR code on the hallway notice.
        token=codes.new_token(16),
        created_by=created_by,
        created_at=now,
    )
    session.add(link)
    await session.flush()
    return link


async def current_link(
    session: AsyncSession, *, account_id: uuid.UUID, property_id: uuid.UUID
) -> PropertyInviteLink:
    prop = await get_property(session, account_id=account_id, property_id=property_id)
    link = await repository.active_link(session, account_id=account_id, property_id=prop.id)
    if link is None:
        raise _no_link()
    return link


async def resolve_link(session: AsyncSession, *, token: str) -> PropertyInviteLink:
    """The active link the token names: 400 for a wrong link, 410 for a replaced one."""
    link = await repository.link_by_token(session, token=token.strip())
    if link is None:
        raise UserError(
            "link_invalid",
            "Der Einladungslink ist ungültig. Bitte prüfen Sie den Link oder scannen Sie den "
            "QR-Code auf dem Aushang erneut.",
        )
    if link.revoked_at is not None:
        raise UserError(
            "link_expired",
            "Dieser Einladungslink gilt nicht mehr, die Hausverwaltung hat ihn erneuert. Bitte "
            "verwenden Sie den aktuellen Aushang oder fragen Sie Ihre Hausverwaltung.",
            status_code=410,
        )
    return link


async def invite_to_property(
    session: AsyncSession,
    *,
    account_id: uuid.UUID,
    property_id: uuid.UUID,
    pasted: list[str],
    text: str | None,
    invited_by: uuid.UUID | None,
    now: datetime,
    portal_url: str,
) -> PastedAddresses:
    """An e-mail with the property's invite link to every valid address (made if missing)."""
    prop = await get_property(session, account_id=account_id, property_id=property_id)
    addresses = parse_pasted(pasted)
    if len(addresses.valid) > MAX_PASTED_ADDRESSES:
        raise UserError(
            "too_many_addresses",
            f"Bitte laden Sie höchstens {MAX_PASTED_ADDRESSES} Adressen auf einmal ein.",
            status_code=422,
        )
    link = await repository.active_link(session, account_id=account_id, property_id=prop.id)
    if link is None:
        link = await rotate_link(
            session, account_id=account_id, property_id=prop.id, created_by=invited_by, now=now
        )
    url = links.property_registration(portal_url, token=link.token)
    invitations = [
        Invitation(
            account_id=account_id,
            kind="property",
            email=address,
            property_id=prop.id,
            text=text,
            created_by=invited_by,
            created_at=now,
        )
        for address in addresses.valid
    ]
    session.add_all(invitations)
    await session.flush()
    await events.publish(session, *(invitation_created(i, link=url) for i in invitations))
    return addresses
