"""Every topic, the events on it, and the registry the AsyncAPI document is generated from."""

from __future__ import annotations

from hausportal.contracts import directory, documents, portal, smartpost, system, tasks
from hausportal.contracts.envelope import Topic

PORTAL_DIRECTORY = Topic(
    "portal.directory",
    directory.AccountUpserted,
    directory.StaffUpserted,
    directory.PropertyUpserted,
    directory.PropertyDeleted,
    directory.UnitUpserted,
    directory.UnitDeleted,
    directory.ContactUpserted,
    directory.ContactDeleted,
    directory.ContractUpserted,
    directory.ContractDeleted,
)
PORTAL_EVENTS = Topic(
    "portal.events",
    portal.InvitationCreated,
    portal.PasswordResetRequested,
    portal.MessagePublished,
    portal.AppointmentPublished,
    portal.AnnouncementDeleted,
)
DOCUMENTS_EVENTS = Topic(
    "documents.events",
    documents.DocumentPublished,
    documents.DocumentDeleted,
)
SMARTPOST_EVENTS = Topic(
    "smartpost.events",
    smartpost.LetterPublished,
    smartpost.LetterWithdrawn,
    smartpost.SerialLetterDeleted,
    smartpost.DownloadLinkReady,
    smartpost.DispatchStateChanged,
)
TASKS_EVENTS = Topic(
    "tasks.events",
    tasks.TaskCreated,
    tasks.TaskCommented,
    tasks.TaskStatusChanged,
    tasks.TaskAssigned,
)
NOTIFY_EVENTS = Topic("notify.events")
SYSTEM_PROBES = Topic("system.probes", system.ProbeSent)

ALL_TOPICS: tuple[Topic, ...] = (
    PORTAL_DIRECTORY,
    PORTAL_EVENTS,
    DOCUMENTS_EVENTS,
    SMARTPOST_EVENTS,
    TASKS_EVENTS,
    NOTIFY_EVENTS,
    SYSTEM_PROBES,
)

BY_NAME: dict[str, Topic] = {topic.name: topic for topic in ALL_TOPICS}
