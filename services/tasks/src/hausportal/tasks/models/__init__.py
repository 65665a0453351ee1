"""The tasks service's tables, all in its own schema `tasks`."""

from hausportal.tasks.models.base import Base, directory, messaging, outbox
from hausportal.tasks.models.tickets import (
    ChangeKind,
    Ticket,
    TicketAttachment,
    TicketChange,
    TicketComment,
    TicketContact,
    TicketCounter,
    TicketType,
)

__all__ = [
    "Base",
    "ChangeKind",
    "Ticket",
    "TicketAttachment",
    "TicketChange",
    "TicketComment",
    "TicketContact",
    "TicketCounter",
    "TicketType",
    "directory",
    "messaging",
    "outbox",
]
