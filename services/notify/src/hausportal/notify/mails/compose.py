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

# Used when the account's or property's snapshot has not arrived (yet).
UNKNOWN_ACCOUNT = "Ihre Hausverwaltung"
UNKNOWN_PROPERTY = "Ihr Objekt"

STAFF_ROLES = {StaffRole.admin: "Administrator/in", StaffRole.staff: "Mitarbeiter/in"}


@dataclass(frozen=True, slots=True, kw_only=True)
class Composed:
    subject: str
    text: str
    html: str


def one_line(value: str) -> str:
    """Header-safe: line breaks (a header injection) and runs of spaces become one space."""
    return re.sub(r"\s+", " ", value).strip()


def render(template: str, *, subject: str, values: dict[str, Any]) -> Composed:
    """``template``.txt and ``template``.html with ``values``; the subject on one line."""
    subject = one_line(subject)
    values = values | {"subject": subject}
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


def compose_document_published(notice: DocumentNotice) -> Composed:
    return render(
        "document_published", subject=f"Neues Dokument: {notice.title}", values=asdict(notice)
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


def compose_message_published(notice: AnnouncementNotice) -> Composed:
    return render(
        "message_published", subject=f"Neue Mitteilung: {notice.title}", values=asdict(notice)
    )


def compose_appointment_published(notice: AppointmentNotice) -> Composed:
    return render(
        "appointment_published",
        subject=f"Neuer Termin am {notice.day}: {notice.title}",
        values=asdict(notice),
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


def compose_contact_invitation(notice: ContactInvitationNotice) -> Composed:
    return render(
        "contact_invitation",
        subject=f"Ihre Einladung zum Hausportal von {notice.account_name}",
        values=asdict(notice),
    )


def compose_property_invitation(notice: PropertyInvitationNotice) -> Composed:
    values = asdict(notice) | {"text": (notice.text or "").strip() or None}
    return render(
        "property_invitation",
        subject=f"Einladung zum Hausportal: {notice.property_name}",
        values=values,
    )


def compose_staff_invitation(notice: StaffInvitationNotice) -> Composed:
    return render(
        "staff_invitation",
        subject=f"Einladung ins Team von {notice.account_name} im Hausportal",
        values=asdict(notice),
    )


def compose_password_reset(notice: PasswordResetNotice) -> Composed:
    return render(
        "password_reset", subject="Hausportal: Passwort zurücksetzen", values=asdict(notice)
    )
