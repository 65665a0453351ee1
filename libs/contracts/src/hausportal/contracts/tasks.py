"""Events of SmartTask: tickets (Vorgänge) reported by residents and worked on by staff.

Internal comments are never part of an event: what is on this topic may reach a resident.
notify turns these events into e-mails.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Literal
from uuid import UUID

from hausportal.contracts.envelope import Event, Payload


class TaskStatus(StrEnum):
    open = "open"  # offen
    in_progress = "in_progress"  # in Bearbeitung
    waiting = "waiting"  # wartet
    done = "done"  # erledigt


class TaskRef(Payload):
    """What every ticket event names: the ticket and who may hear of it."""

    task_id: UUID
    # The number staff and residents quote ("Vorgang 2026-0042").
    number: str
    title: str
    property_id: UUID
    unit_id: UUID | None = None
    # The contact who reported it (None: staff opened it without a reporter).
    reporter_contact_id: UUID | None = None
    # Further contacts linked to the ticket; they hear of it while they may log in.
    linked_contact_ids: tuple[UUID, ...] = ()
    status: TaskStatus
    assignee_staff_id: UUID | None = None
    # Who caused the event: a staff member or a contact (one of the two), for "von ...".
    actor_staff_id: UUID | None = None
    actor_contact_id: UUID | None = None
    occurred_at: datetime


class TaskCreatedPayload(TaskRef):
    ticket_type: str
    description: str
    # The staff members to tell about the new ticket (the assignee, else the account's
    # responsible staff as tasks decides).
    responsible_staff_ids: tuple[UUID, ...] = ()


class TaskCreated(Event):
    type: Literal["tasks.task.created"] = "tasks.task.created"
    version: Literal[1] = 1
    payload: TaskCreatedPayload


class TaskCommentedPayload(TaskRef):
    comment_id: UUID
    # Public comments only: an internal comment never becomes an event.
    text: str


class TaskCommented(Event):
    type: Literal["tasks.task.commented"] = "tasks.task.commented"
    version: Literal[1] = 1
    payload: TaskCommentedPayload


class TaskStatusChangedPayload(TaskRef):
    previous_status: TaskStatus
    # True when the ticket was done and is open again.
    reopened: bool = False


class TaskStatusChanged(Event):
    type: Literal["tasks.task.status_changed"] = "tasks.task.status_changed"
    version: Literal[1] = 1
    payload: TaskStatusChangedPayload


class TaskAssignedPayload(TaskRef):
    previous_assignee_staff_id: UUID | None = None


class TaskAssigned(Event):
    type: Literal["tasks.task.assigned"] = "tasks.task.assigned"
    version: Literal[1] = 1
    payload: TaskAssignedPayload
