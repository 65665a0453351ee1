"""What an e-mail says: subject and text and HTML bodies from the Jinja2 templates.

One notice class per kind of e-mail holds everything that mail may say, and nothing else:
what is not in the notice cannot leak into the mail. Templates are in ``templates/``, a
``.txt`` and an ``.html`` of the same name each; HTML escapes what it inserts.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from hausportal.contracts.directory import StaffRole
from hausportal.contracts.tasks import TaskStatus
from hausportal.notify.branding import Brand


def paragraphs(text: str | None) -> list[list[str]]:
    """Free text (a message, a manager's invitation) as paragraphs of lines, for the HTML part:
    a blank line starts a paragraph, a line break stays one."""
    if not text:
        return []
    blocks = re.split(r"\n\s*\n", text.replace("\r\n", "\n").replace("\r", "\n").strip())
    return [[line.rstrip() for line in block.split("\n")] for block in blocks if block.strip()]


_templates = Environment(
    loader=PackageLoader("hausportal.notify", "templates"),
    # HTML escapes everything it inserts (a title "<b>" stays text); plain text does not.
    autoescape=select_autoescape(enabled_extensions=("html",), default_for_string=False),
    undefined=StrictUndefined,
    keep_trailing_newline=True,
    trim_blocks=True,
)
_templates.filters["paragraphs"] = paragraphs

# Used when the property's snapshot has not arrived (yet); the account's: UNKNOWN_ACCOUNT.
UNKNOWN_PROPERTY = "Ihr Objekt"
# An account whose settings have not arrived: its name unknown, the portal's colours.
DEFAULT_BRAND = Brand()

STAFF_ROLES = {StaffRole.admin: "Administrator/in", StaffRole.staff: "Mitarbeiter/in"}


@dataclass(frozen=True, slots=True, kw_only=True)
class Composed:
    subject: str
    text: str
    html: str


def one_line(value: str) -> str:
    """Header-safe: line breaks (a header injection) and runs of spaces become one space."""
    return re.sub(r"\s+", " ", value).strip()


def render(template: str, *, subject: str, values: dict[str, Any], brand: Brand) -> Composed:
    """``template``.txt and ``template``.html with ``values`` in the account's ``brand`` (the
    layout's logo, colour and name); the subject on one line."""
    subject = one_line(subject)
    values = values | {"subject": subject, "brand": brand}
    return Composed(
        subject=subject,
        text=_templates.get_template(f"{template}.txt").render(values),
        html=_templates.get_template(f"{template}.html").render(values),
    )


# --- documents -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class DocumentNotice:
    """Everything a "new document" mail may say: the document's title, never its content."""

    recipient_name: str
    account_name: str
    property_name: str
    title: str
    link: str


def compose_document_published(notice: DocumentNotice, *, brand: Brand = DEFAULT_BRAND) -> Composed:
    return render(
        "document_published",
        subject=f"Neues Dokument: {notice.title}",
        values=asdict(notice),
        brand=brand,
    )


def document_link(*, portal_url: str, document_id: object) -> str:
    return f"{portal_url.rstrip('/')}/dokumente/{document_id}"


# --- messages and appointments ---------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class AnnouncementNotice:
    """A message or appointment as its mail tells it: title and text, never an attachment
    (only how many there are; they are in the portal)."""

    recipient_name: str
    account_name: str
    title: str
    text: str
    link: str
    attachment_count: int = 0


@dataclass(frozen=True, slots=True, kw_only=True)
class AppointmentNotice(AnnouncementNotice):
    # time_range(): "Dienstag, 17. März 2026, 18:00 Uhr" and the end, on the clock in Germany.
    when: str
    # short_date() of the start, for the subject.
    day: str
    place: str | None = None


def compose_message_published(
    notice: AnnouncementNotice, *, brand: Brand = DEFAULT_BRAND
) -> Composed:
    return render(
        "message_published",
        subject=f"Neue Mitteilung: {notice.title}",
        values=asdict(notice),
        brand=brand,
    )


def compose_appointment_published(
    notice: AppointmentNotice, *, brand: Brand = DEFAULT_BRAND
) -> Composed:
    return render(
        "appointment_published",
        subject=f"Neuer Termin am {notice.day}: {notice.title}",
        values=asdict(notice),
        brand=brand,
    )


def start_page_link(*, portal_url: str) -> str:
    """The residents' start page, where messages and appointments are listed."""
    return f"{portal_url.rstrip('/')}/start"


# --- invitations and password resets ---------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class ContactInvitationNotice:
    recipient_name: str | None
    account_name: str
    code: str | None
    link: str
    # date_and_time() of the expiry, or None for a code without one.
    valid_until: str | None


@dataclass(frozen=True, slots=True, kw_only=True)
class PropertyInvitationNotice:
    account_name: str
    property_name: str
    # The manager's own words; None or blank: our default text.
    text: str | None
    link: str
    valid_until: str | None


@dataclass(frozen=True, slots=True, kw_only=True)
class StaffInvitationNotice:
    recipient_name: str | None
    account_name: str
    role: str | None  # STAFF_ROLES, in German
    link: str
    valid_until: str | None


@dataclass(frozen=True, slots=True, kw_only=True)
class PasswordResetNotice:
    recipient_name: str | None
    account_name: str
    link: str
    valid_until: str


def compose_contact_invitation(
    notice: ContactInvitationNotice, *, brand: Brand = DEFAULT_BRAND
) -> Composed:
    return render(
        "contact_invitation",
        subject=f"Ihre Einladung zum Hausportal von {notice.account_name}",
        values=asdict(notice),
        brand=brand,
    )


def compose_property_invitation(
    notice: PropertyInvitationNotice, *, brand: Brand = DEFAULT_BRAND
) -> Composed:
    values = asdict(notice) | {"text": (notice.text or "").strip() or None}
    return render(
        "property_invitation",
        subject=f"Einladung zum Hausportal: {notice.property_name}",
        values=values,
        brand=brand,
    )


def compose_staff_invitation(
    notice: StaffInvitationNotice, *, brand: Brand = DEFAULT_BRAND
) -> Composed:
    return render(
        "staff_invitation",
        subject=f"Einladung ins Team von {notice.account_name} im Hausportal",
        values=asdict(notice),
        brand=brand,
    )


def compose_password_reset(
    notice: PasswordResetNotice, *, brand: Brand = DEFAULT_BRAND
) -> Composed:
    return render(
        "password_reset",
        subject="Hausportal: Passwort zurücksetzen",
        values=asdict(notice),
        brand=brand,
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class DownloadLinkNotice:
    recipient_name: str | None
    account_name: str
    title: str
    file_name: str
    size: str
    link: str
    valid_until: str


def compose_download_link(notice: DownloadLinkNotice, *, brand: Brand = DEFAULT_BRAND) -> Composed:
    return render(
        "download_link",
        subject=f"Download-Link: {notice.title}",
        values=asdict(notice),
        brand=brand,
    )


# --- tickets (SmartTask) -------------------------------------------------------------------

TASK_STATUSES = {
    TaskStatus.open: "Offen",
    TaskStatus.in_progress: "In Bearbeitung",
    TaskStatus.waiting: "Wartet",
    TaskStatus.done: "Erledigt",
}


@dataclass(frozen=True, slots=True, kw_only=True)
class TaskNotice:
    """What every ticket mail may say: number, title, status in German, where, who did it.
    Only what is on the tasks topic, and that has no internal comment."""

    recipient_name: str
    account_name: str
    number: str
    title: str
    status: str  # TASK_STATUSES
    property_name: str
    link: str
    # Who caused it ("Max Verwalter"); None when unknown.
    actor_name: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class TaskCreatedNotice(TaskNotice):
    ticket_type: str
    description: str


@dataclass(frozen=True, slots=True, kw_only=True)
class TaskCommentNotice(TaskNotice):
    text: str  # a public comment


@dataclass(frozen=True, slots=True, kw_only=True)
class TaskStatusNotice(TaskNotice):
    previous_status: str
    reopened: bool = False


def compose_task_created(notice: TaskCreatedNotice, *, brand: Brand = DEFAULT_BRAND) -> Composed:
    return render(
        "task_created",
        subject=f"Neuer Vorgang {notice.number}: {notice.title}",
        values=asdict(notice),
        brand=brand,
    )


def compose_task_commented(notice: TaskCommentNotice, *, brand: Brand = DEFAULT_BRAND) -> Composed:
    return render(
        "task_commented",
        subject=f"Neuer Kommentar zu Vorgang {notice.number}: {notice.title}",
        values=asdict(notice),
        brand=brand,
    )


def compose_task_status_changed(
    notice: TaskStatusNotice, *, brand: Brand = DEFAULT_BRAND
) -> Composed:
    if notice.reopened:
        subject = f"Vorgang {notice.number} wurde wieder geöffnet: {notice.title}"
    else:
        subject = f"Vorgang {notice.number}: Status „{notice.status}“"
    return render("task_status_changed", subject=subject, values=asdict(notice), brand=brand)


def compose_task_assigned(notice: TaskNotice, *, brand: Brand = DEFAULT_BRAND) -> Composed:
    return render(
        "task_assigned",
        subject=f"Vorgang {notice.number} ist Ihnen zugewiesen: {notice.title}",
        values=asdict(notice),
        brand=brand,
    )


def task_link(*, portal_url: str, task_id: object) -> str:
    return f"{portal_url.rstrip('/')}/vorgaenge/{task_id}"


# --- the daily digest ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class DigestEntry:
    """One document in a digest: its title, type, property and link, never its content."""

    title: str
    document_type: str
    property_name: str
    link: str


@dataclass(frozen=True, slots=True, kw_only=True)
class DigestNotice:
    recipient_name: str
    account_name: str
    day: str  # long_date() of the digest
    documents: list[DigestEntry]


def compose_document_digest(notice: DigestNotice, *, brand: Brand = DEFAULT_BRAND) -> Composed:
    count = len(notice.documents)
    what = "1 neues Dokument" if count == 1 else f"{count} neue Dokumente"
    return render(
        "document_digest",
        subject=f"Ihre Tagesübersicht: {what} im Hausportal",
        values=asdict(notice) | {"count": count},
        brand=brand,
    )
