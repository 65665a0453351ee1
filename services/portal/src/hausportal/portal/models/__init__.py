"""The portal service's tables, all in its own schema `portal`."""

from hausportal.kit.db import declarative_base
from hausportal.kit.messaging import Outbox, messaging_tables

Base = declarative_base("portal")
messaging = messaging_tables(Base.metadata)
outbox = Outbox(messaging)

# The model modules register their tables on Base; imported last because they need it.
from hausportal.portal.models.account import Account, Staff  # noqa: E402
from hausportal.portal.models.announcement import (  # noqa: E402
    Announcement,
    AnnouncementAttachment,
    AnnouncementContact,
    AnnouncementProperty,
)
from hausportal.portal.models.contact import Contact  # noqa: E402
from hausportal.portal.models.contract import Contract  # noqa: E402
from hausportal.portal.models.faq import ContactPerson, FaqEntry  # noqa: E402
from hausportal.portal.models.invitation import Invitation, PropertyInviteLink  # noqa: E402
from hausportal.portal.models.login import PortalLogin  # noqa: E402
from hausportal.portal.models.property import Property, Unit  # noqa: E402
from hausportal.portal.models.residency import Residency  # noqa: E402
from hausportal.portal.models.session import PasswordResetToken, RefreshSession  # noqa: E402

__all__ = [
    "Account",
    "Announcement",
    "AnnouncementAttachment",
    "AnnouncementContact",
    "AnnouncementProperty",
    "Base",
    "Contact",
    "ContactPerson",
    "Contract",
    "FaqEntry",
    "Invitation",
    "PasswordResetToken",
    "PortalLogin",
    "Property",
    "PropertyInviteLink",
    "RefreshSession",
    "Residency",
    "Staff",
    "Unit",
    "messaging",
    "outbox",
]
