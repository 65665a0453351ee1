"""Events of the portal beyond the directory: invitations, password resets, messages and
appointments (Mitteilungen, Termine). notify turns them into e-mails."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Literal
from uuid import UUID

from pydantic import AwareDatetime, model_validator

from hausportal.contracts.directory import StaffRole
from hausportal.contracts.envelope import Event, Payload


class InvitationKind(StrEnum):
    contact = "contact"  # one contact of the master data, with a one-time code
    property = "property"  # an address invited to register as a resident of a property
    staff = "staff"  # a new staff member of the account


class InvitationPayload(Payload):
    invitation_id: UUID
    kind: InvitationKind
    # Where the invitation goes. Validated where it is entered; consumers must not reject it.
    email: str
    # The name to greet, when known (the contact's or the staff member's).
    name: str | None = None
    # The page to register on; it carries the code or the property's link token.
    link: str
    # The code to type in by hand (contact invitations); None for links only.
    code: str | None = None
    expires_at: AwareDatetime | None = None
    contact_id: UUID | None = None
    property_id: UUID | None = None
    staff_role: StaffRole | None = None
    # The manager's own words for property invitations ("Liebe Bewohner, ...").
    text: str | None = None
    invited_by: UUID | None = None


class InvitationCreated(Event):
    """Somebody is invited to register; notify sends the e-mail (only e-mailed invitations)."""

    type: Literal["portal.invitation.created"] = "portal.invitation.created"
    version: Literal[1] = 1
    payload: InvitationPayload


class PasswordResetPayload(Payload):
    email: str
    name: str | None = None
    # The page to choose a new password on, with the one-time reset token.
    link: str
    expires_at: AwareDatetime


class PasswordResetRequested(Event):
    type: Literal["portal.password_reset.requested"] = "portal.password_reset.requested"
    version: Literal[1] = 1
    payload: PasswordResetPayload


class AnnouncementPayload(Payload):
    """A message or an appointment: to whole properties, or to named contacts."""

    announcement_id: UUID
    title: str
    text: str
    # Every contact of these properties who may see it (owners, tenants, residents) ...
    property_ids: tuple[UUID, ...] = ()
    # ... or exactly these contacts (while they may log in).
    contact_ids: tuple[UUID, ...] = ()
    # Staff asked for an e-mail to everyone who can see it.
    notify: bool = False
    published_at: datetime
    published_by: UUID | None = None
    attachment_names: tuple[str, ...] = ()

    @model_validator(mode="after")
    def _has_recipients(self) -> AnnouncementPayload:
        if not self.property_ids and not self.contact_ids:
            raise ValueError("an announcement goes to properties or to contacts")
        return self


class MessagePublished(Event):
    """A message (Mitteilung) appeared on the residents' start pages."""

    type: Literal["portal.message.published"] = "portal.message.published"
    version: Literal[1] = 1
    payload: AnnouncementPayload


class AppointmentPayload(AnnouncementPayload):
    starts_at: AwareDatetime
    ends_at: AwareDatetime | None = None
    place: str | None = None


class AppointmentPublished(Event):
    """An appointment (Termin), e.g. the owners' meeting, appeared on the start pages."""

    type: Literal["portal.appointment.published"] = "portal.appointment.published"
    version: Literal[1] = 1
    payload: AppointmentPayload


class AnnouncementRef(Payload):
    announcement_id: UUID
    kind: Literal["message", "appointment"]


class AnnouncementDeleted(Event):
    """A message or appointment was withdrawn: e-mails not yet sent are not sent."""

    type: Literal["portal.announcement.deleted"] = "portal.announcement.deleted"
    version: Literal[1] = 1
    payload: AnnouncementRef
