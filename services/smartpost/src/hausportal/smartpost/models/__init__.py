"""The smartpost service's tables, all in its own schema `smartpost`."""

from hausportal.smartpost.models.base import Base, directory, messaging, outbox
from hausportal.smartpost.models.dispatch import (
    AccountSettings,
    DispatchAudit,
    DispatchOrder,
    DownloadRequest,
)
from hausportal.smartpost.models.serial_letters import (
    Decision,
    JobState,
    Letter,
    LetterState,
    SerialLetter,
    SerialLetterStatus,
    SourceFile,
    SplitJob,
)

__all__ = [
    "AccountSettings",
    "Base",
    "Decision",
    "DispatchAudit",
    "DispatchOrder",
    "DownloadRequest",
    "JobState",
    "Letter",
    "LetterState",
    "SerialLetter",
    "SerialLetterStatus",
    "SourceFile",
    "SplitJob",
    "directory",
    "messaging",
    "outbox",
]
