"""Tickets (SmartTask): a new ticket to the responsible staff, an assignment to the new
assignee, a public comment or a status change to the reporter and the linked contacts.

Only what is on the tasks topic can be in these mails, and internal comments never are (no
event exists for them). Contacts hear of a ticket while they may log in (kit.visibility);
nobody hears of what they did themselves.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from hausportal.contracts.tasks import (
    TaskAssigned,
    TaskAssignedPayload,
    TaskCommented,
    TaskCommentedPayload,
    TaskCreated,
    TaskCreatedPayload,
    TaskRef,
    TaskStatusChanged,
    TaskStatusChangedPayload,
)
from hausportal.notify.branding import Brand
from hausportal.notify.mails.compose import (
    TASK_STATUSES,
    UNKNOWN_PROPERTY,
    Composed,
    TaskCommentNotice,
    TaskCreatedNotice,
    TaskNotice,
    TaskStatusNotice,
    compose_task_assigned,
    compose_task_commented,
    compose_task_created,
    compose_task_status_changed,
    task_link,
)
from hausportal.notify.models import JobKind, MailKind, NotificationJob, directory, recipient_key
from hausportal.notify.notifications import service
from hausportal.notify.notifications.recipients import reachable, staff_with_mail, who_may_log_in
from hausportal.notify.notifications.service import ComposeContext, Draft

TaskEvent = TaskCreated | TaskCommented | TaskStatusChanged | TaskAssigned

_JOB_KINDS: Mapping[type[TaskEvent], JobKind] = {
    TaskCreated: JobKind.task_created,
    TaskCommented: JobKind.task_commented,
    TaskStatusChanged: JobKind.task_status_changed,
    TaskAssigned: JobKind.task_assigned,
}
_PAYLOADS: Mapping[JobKind, type[TaskRef]] = {
    JobKind.task_created: TaskCreatedPayload,
    JobKind.task_commented: TaskCommentedPayload,
    JobKind.task_status_changed: TaskStatusChangedPayload,
    JobKind.task_assigned: TaskAssignedPayload,
}
JOB_KINDS = frozenset(_PAYLOADS)


async def record(
    session: AsyncSession, *, event: TaskEvent, now: datetime, settle: timedelta
) -> bool:
    """A job for the ticket event; recipients are chosen after the settle time (a contact
    linked just before may still be registering)."""
    return await service.record(
        session,
        event=event,
        kind=_JOB_KINDS[type(event)],
        item_id=event.payload.task_id,
        payload=event.payload.model_dump(mode="json"),
        now=now,
        due_at=now + settle,
    )


async def compose(
    session: AsyncSession, job: NotificationJob, context: ComposeContext
) -> list[Draft]:
    kind = JobKind(job.kind)
    task = _PAYLOADS[kind].model_validate(job.payload)
    account_id = job.account_id
    if isinstance(task, TaskCreatedPayload | TaskAssignedPayload):
        wanted = (
            task.responsible_staff_ids
            if isinstance(task, TaskCreatedPayload)
            else (task.assignee_staff_id,)
        )
        staff_ids = {s for s in wanted if s is not None} - {task.actor_staff_id}
        staff = await staff_with_mail(session, account_id=account_id, staff_ids=staff_ids)
        people = [(recipient_key(staff_id=s.staff_id), None, s.name, s.email) for s in staff]
    else:
        contact_ids = {task.reporter_contact_id, *task.linked_contact_ids} - {
            task.actor_contact_id,
            None,
        }
        contacts = reachable(
            await who_may_log_in(
                session,
                account_id=account_id,
                contact_ids=[c for c in contact_ids if c is not None],
                on=context.on,
            )
        )
        people = [
            (recipient_key(contact_id=c.contact_id), c.contact_id, c.name, c.email or "")
            for c in contacts
        ]
    if not people:
        return []
    brand = await directory.brand(session, account_id=account_id)
    common = await _common(session, job, task, brand=brand, portal_url=context.portal_url)
    drafts = []
    for recipient, contact_id, name, address in people:
        drafts.append(
            Draft(
                kind=MailKind(kind.value),
                recipient=recipient,
                contact_id=contact_id,
                to_address=address,
                to_name=name,
                composed=_compose(task, common | {"recipient_name": name}, brand=brand),
            )
        )
    return drafts


def _compose(task: TaskRef, values: dict[str, Any], *, brand: Brand) -> Composed:
    if isinstance(task, TaskCreatedPayload):
        notice = TaskCreatedNotice(
            **values, ticket_type=task.ticket_type, description=task.description
        )
        return compose_task_created(notice, brand=brand)
    if isinstance(task, TaskCommentedPayload):
        return compose_task_commented(TaskCommentNotice(**values, text=task.text), brand=brand)
    if isinstance(task, TaskStatusChangedPayload):
        status_notice = TaskStatusNotice(
            **values,
            previous_status=TASK_STATUSES[task.previous_status],
            reopened=task.reopened,
        )
        return compose_task_status_changed(status_notice, brand=brand)
    return compose_task_assigned(TaskNotice(**values), brand=brand)


async def _common(
    session: AsyncSession, job: NotificationJob, task: TaskRef, *, brand: Brand, portal_url: str
) -> dict[str, Any]:
    """What every recipient's notice of this event says alike."""
    account_id = job.account_id
    property_ = await directory.property(
        session, account_id=account_id, property_id=task.property_id
    )
    return {
        "account_name": brand.name,
        "number": task.number,
        "title": task.title,
        "status": TASK_STATUSES[task.status],
        "property_name": property_.name if property_ else UNKNOWN_PROPERTY,
        "link": task_link(portal_url=portal_url, task_id=task.task_id),
        "actor_name": await _actor_name(session, account_id=account_id, task=task),
    }


async def _actor_name(session: AsyncSession, *, account_id: UUID, task: TaskRef) -> str | None:
    if task.actor_staff_id is not None:
        members = await directory.staff_members(session, account_id=account_id)
        return next((s.name for s in members if s.staff_id == task.actor_staff_id), None)
    if task.actor_contact_id is not None:
        contact = await directory.contact(
            session, account_id=account_id, contact_id=task.actor_contact_id
        )
        return contact.name if contact else None
    return None
