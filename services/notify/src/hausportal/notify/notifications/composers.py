"""Every job kind and the composer that turns its job into mails."""

from __future__ import annotations

from collections.abc import Mapping

from hausportal.notify.models import JobKind
from hausportal.notify.notifications import access, announcements, documents
from hausportal.notify.notifications.service import Composer

COMPOSERS: Mapping[JobKind, Composer] = {
    JobKind.document: documents.compose,
    JobKind.message: announcements.compose,
    JobKind.appointment: announcements.compose,
    JobKind.invitation: access.compose_invitation,
    JobKind.password_reset: access.compose_password_reset_mail,
}

if set(COMPOSERS) != set(JobKind):
    raise RuntimeError(f"job kinds without a composer: {set(JobKind) - set(COMPOSERS)}")
