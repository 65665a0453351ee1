"""What an e-mail says: subject and text and HTML bodies from the Jinja2 templates."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

_templates = Environment(
    loader=PackageLoader("hausportal.notify", "templates"),
    # HTML escapes everything it inserts (a title "<b>" stays text); plain text does not.
    autoescape=select_autoescape(enabled_extensions=("html",), default_for_string=False),
    undefined=StrictUndefined,
    keep_trailing_newline=True,
)

# Used when the account's or property's snapshot has not arrived (yet).
UNKNOWN_ACCOUNT = "Ihre Hausverwaltung"
UNKNOWN_PROPERTY = "Ihr Objekt"


@dataclass(frozen=True, slots=True, kw_only=True)
class Composed:
    subject: str
    text: str
    html: str


@dataclass(frozen=True, slots=True, kw_only=True)
class DocumentNotice:
    """Everything a "new document" mail may say: the document's title, never its content."""

    recipient_name: str
    account_name: str
    property_name: str
    title: str
    link: str


def one_line(value: str) -> str:
    """Header-safe: line breaks (a header injection) and runs of spaces become one space."""
    return re.sub(r"\s+", " ", value).strip()


def compose_document_published(notice: DocumentNotice) -> Composed:
    values = asdict(notice)
    return Composed(
        subject=one_line(f"Neues Dokument: {notice.title}"),
        text=_templates.get_template("document_published.txt").render(values),
        html=_templates.get_template("document_published.html").render(values),
    )


def document_link(*, portal_url: str, document_id: object) -> str:
    return f"{portal_url.rstrip('/')}/dokumente/{document_id}"
