"""What a "new document" mail says, and how it is put on the wire."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from hausportal.notify.mails.compose import (
    DocumentNotice,
    compose_document_published,
    document_link,
)
from hausportal.notify.mails.message import build_message
from hausportal.notify.models import Mail

NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


def notice(title: str) -> DocumentNotice:
    return DocumentNotice(
        recipient_name="Erika <Mustermann>",
        account_name="Müller & Söhne Verwaltung",
        property_name="Lindenstraße 5",
        title=title,
        link="https://portal.example.test/portal/dokumente/123",
    )


class TestComposition:
    def test_html_escapes_what_it_inserts_and_text_keeps_it(self) -> None:
        composed = compose_document_published(notice("<script>alert(1)</script> & Co"))
        assert "<script>" not in composed.html
        assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co" in composed.html
        assert "Müller &amp; Söhne Verwaltung" in composed.html
        assert "Erika &lt;Mustermann&gt;" in composed.html
        assert "<script>alert(1)</script> & Co" in composed.text
        assert "Müller & Söhne Verwaltung" in composed.text

    def test_a_title_with_line_breaks_cannot_add_headers(self) -> None:
        composed = compose_document_published(notice("Abrechnung\r\nBcc: alle@example.test"))
        assert composed.subject == "Neues Dokument: Abrechnung Bcc: alle@example.test"

    def test_the_link_points_at_the_document_in_the_portal(self) -> None:
        document_id = uuid.uuid4()
        assert (
            document_link(portal_url="https://p.example.test/portal/", document_id=document_id)
            == f"https://p.example.test/portal/dokumente/{document_id}"
        )


class TestMessage:
    def mail(self) -> Mail:
        composed = compose_document_published(notice("Hausordnung"))
        return Mail(
            id=uuid.uuid4(),
            to_address="erika@example.test",
            to_name="Erika Mustermann",
            subject=composed.subject,
            text_body=composed.text,
            html_body=composed.html,
        )

    def test_text_and_html_alternatives_and_no_attachment(self) -> None:
        message = build_message(self.mail(), mail_from="Hausportal <noreply@hv.test>", now=NOW)
        assert message.get_content_type() == "multipart/alternative"
        parts = [part.get_content_type() for part in message.iter_parts()]
        assert parts == ["text/plain", "text/html"]
        assert list(message.iter_attachments()) == []
        assert message["To"] == "Erika Mustermann <erika@example.test>"
        assert message["From"] == "Hausportal <noreply@hv.test>"

    def test_the_message_id_is_the_mail_id_so_a_resend_is_recognisable(self) -> None:
        mail = self.mail()
        first = build_message(mail, mail_from="Hausportal <noreply@hv.test>", now=NOW)
        again = build_message(mail, mail_from="Hausportal <noreply@hv.test>", now=NOW)
        assert first["Message-ID"] == again["Message-ID"] == f"<{mail.id}@hv.test>"
