"""Every job kind and the composer that turns its job into mails."""

from __future__ import annotations

from collections.abc import Mapping

from hausportal.notify.models import JobKind
from hausportal.notify.notifications import (
    access,
    announcements,
    digest,
    documents,
    download_links,
    tasks,
)
from hausportal.notify.notifications.service import Composer

COMPOSERS: Mapping[JobKind, Composer] = {
    JobKind.document: documents.compose,
    JobKind.message: announcements.compose,
    JobKind.appointment: announcements.compose,
    JobKind.invitation: access.compose_invitation,
    JobKind.password_reset: access.compose_password_reset_mail,
    JobKind.task_created: tasks.compose,
    JobKind.task_commented: tasks.compose,
    JobKind.task_status_changed: tasks.compose,
    JobKind.task_assigned: tasks.compose,
    JobKind.digest: digest.compose,
    JobKind.download_link: download_links.compose,
}

if set(COMPOSERS) != set(JobKind):
    raise RuntimeError(f"job kinds without a composer: {set(JobKind) - set(COMPOSERS)}")
