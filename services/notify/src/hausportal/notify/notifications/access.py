"""Invitations and password resets: one e-mail to the address in the event, nobody else.

There is no visibility to decide: the address is the recipient (an invited person has no
contact, or no login, yet). Due at once; the mail is unique per (event, address).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from hausportal.contracts.portal import (
    InvitationCreated,
    InvitationKind,
    InvitationPayload,
    PasswordResetPayload,
    PasswordResetRequested,
)
from hausportal.notify.mails.compose import (
    STAFF_ROLES,
    UNKNOWN_PROPERTY,
    Composed,
    ContactInvitationNotice,
    PasswordResetNotice,
    PropertyInvitationNotice,
    StaffInvitationNotice,
    compose_contact_invitation,
    compose_password_reset,
    compose_property_invitation,
    compose_staff_invitation,
)
from hausportal.notify.mails.german import date_and_time
from hausportal.notify.models import JobKind, MailKind, NotificationJob, directory, recipient_key
from hausportal.notify.notifications import service
from hausportal.notify.notifications.service import ComposeContext, Draft

_MAIL_KINDS = {
    InvitationKind.contact: MailKind.contact_invitation,
    InvitationKind.property: MailKind.property_invitation,
    InvitationKind.staff: MailKind.staff_invitation,
}


async def record_invitation(
    session: AsyncSession, *, event: InvitationCreated, now: datetime
) -> bool:
    return await service.record(
        session,
        event=event,
        kind=JobKind.invitation,
        item_id=event.payload.invitation_id,
        payload=event.payload.model_dump(mode="json"),
        now=now,
        due_at=now,
    )


async def record_password_reset(
    session: AsyncSession, *, event: PasswordResetRequested, now: datetime
) -> bool:
    return await service.record(
        session,
        event=event,
        kind=JobKind.password_reset,
        item_id=None,
        payload=event.payload.model_dump(mode="json"),
        now=now,
        due_at=now,
    )


async def compose_invitation(
    session: AsyncSession, job: NotificationJob, context: ComposeContext
) -> list[Draft]:
    invitation = InvitationPayload.model_validate(job.payload)
    brand = await directory.brand(session, account_id=job.account_id)
    account_name = brand.name
    valid_until = date_and_time(invitation.expires_at) if invitation.expires_at else None
    composed: Composed
    match invitation.kind:
        case InvitationKind.contact:
            composed = compose_contact_invitation(
                ContactInvitationNotice(
                    recipient_name=invitation.name,
                    account_name=account_name,
                    code=invitation.code,
                    link=invitation.link,
                    valid_until=valid_until,
                ),
                brand=brand,
            )
        case InvitationKind.property:
            property_ = None
            if invitation.property_id is not None:
                property_ = await directory.property(
                    session, account_id=job.account_id, property_id=invitation.property_id
                )
            composed = compose_property_invitation(
                PropertyInvitationNotice(
                    account_name=account_name,
                    property_name=property_.name if property_ else UNKNOWN_PROPERTY,
                    text=invitation.text,
                    link=invitation.link,
                    valid_until=valid_until,
                ),
                brand=brand,
            )
        case InvitationKind.staff:
            composed = compose_staff_invitation(
                StaffInvitationNotice(
                    recipient_name=invitation.name,
                    account_name=account_name,
                    role=STAFF_ROLES[invitation.staff_role] if invitation.staff_role else None,
                    link=invitation.link,
                    valid_until=valid_until,
                ),
                brand=brand,
            )
    return [
        Draft(
            kind=_MAIL_KINDS[invitation.kind],
            recipient=recipient_key(address=invitation.email),
            # A contact's invitation is listed with the contact's other mails.
            contact_id=invitation.contact_id,
            to_address=invitation.email.strip(),
            to_name=invitation.name or "",
            composed=composed,
        )
    ]


async def compose_password_reset_mail(
    session: AsyncSession, job: NotificationJob, context: ComposeContext
) -> list[Draft]:
    reset = PasswordResetPayload.model_validate(job.payload)
    brand = await directory.brand(session, account_id=job.account_id)
    composed = compose_password_reset(
        PasswordResetNotice(
            recipient_name=reset.name,
            account_name=brand.name,
            link=reset.link,
            valid_until=date_and_time(reset.expires_at),
        ),
        brand=brand,
    )
    return [
        Draft(
            kind=MailKind.password_reset,
            recipient=recipient_key(address=reset.email),
            to_address=reset.email.strip(),
            to_name=reset.name or "",
            composed=composed,
        )
    ]
