"""A ticket's history as a printable PDF, from exactly the view the API gives the caller: a
contact's copy cannot contain what its view leaves out."""

from __future__ import annotations

from datetime import datetime

from hausportal.kit.pdf import PdfDocument, TextFlow
from hausportal.kit.uploads import human_size
from hausportal.kit.visibility import BERLIN
from hausportal.tasks.tickets.schemas import TicketDetailOut


def _when(moment: datetime) -> str:
    return moment.astimezone(BERLIN).strftime("%d.%m.%Y %H:%M")


def ticket_pdf(detail: TicketDetailOut, *, account_name: str | None, with_internal: bool) -> bytes:
    document = PdfDocument()
    flow = TextFlow(document)
    if account_name:
        flow.paragraph(account_name, size=10)
    flow.paragraph(f"Vorgang {detail.number}", size=18, bold=True)
    flow.paragraph(detail.title, size=14, bold=True, after=10)
    place = detail.property.name + (f", {detail.unit.name}" if detail.unit else "")
    facts = [
        ("Art", detail.ticket_type),
        ("Liegenschaft", place),
        ("Gemeldet von", detail.reporter.name if detail.reporter else "Hausverwaltung"),
        ("Gemeldet am", _when(detail.created_at)),
        ("Status", detail.status_label),
        ("Zuständig", detail.assignee.name if detail.assignee else "noch niemand"),
    ]
    facts += [(value.label, value.shown) for value in detail.field_values]
    if with_internal and detail.linked_contacts:
        facts.append(("Verknüpfte Kontakte", ", ".join(c.name for c in detail.linked_contacts)))
    for label, value in facts:
        flow.paragraph(f"{label}: {value}", size=11, after=1)
    flow.space(8)
    flow.paragraph("Beschreibung", size=12, bold=True)
    flow.paragraph(detail.description or "(keine)", size=11, after=8)
    if detail.attachments:
        flow.paragraph("Dateien", size=12, bold=True)
        for attachment in detail.attachments:
            flow.paragraph(
                f"{attachment.file_name} ({human_size(attachment.size)})", size=11, after=1
            )
        flow.space(8)
    flow.paragraph("Verlauf", size=12, bold=True)
    for change in detail.history:
        who = change.actor.name if change.actor else "Hausverwaltung"
        flow.paragraph(f"{_when(change.at)} · {who}: {change.summary}", size=10, bold=True, after=1)
        if change.text:
            flow.paragraph(change.text, size=10, indent=14, after=4)
        else:
            flow.space(3)
    flow.space(10)
    flow.paragraph(
        "Mit internen Vermerken, nur für die Hausverwaltung."
        if with_internal
        else "Öffentlicher Verlauf des Vorgangs.",
        size=9,
    )
    return document.save(title=f"Vorgang {detail.number}: {detail.title}")
