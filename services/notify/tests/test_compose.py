"""What the mails say (escaped where they are HTML, dates in Berlin), and how a mail is put
on the wire."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from hausportal.notify.mails.compose import (
    AnnouncementNotice,
    AppointmentNotice,
    ContactInvitationNotice,
    DocumentNotice,
    PropertyInvitationNotice,
    compose_appointment_published,
    compose_contact_invitation,
    compose_document_published,
    compose_message_published,
    compose_property_invitation,
    document_link,
)
from hausportal.notify.mails.german import date_and_time, short_date, time_range
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


class TestGermanDates:
    def test_an_appointment_range_is_on_the_clock_in_berlin_in_winter_and_summer(self) -> None:
        winter = datetime(2026, 3, 17, 17, 0, tzinfo=UTC)  # UTC+1
        assert time_range(winter, winter + timedelta(hours=2)) == (
            "Dienstag, 17. März 2026, 18:00\u201320:00 Uhr"
        )
        summer = datetime(2026, 7, 7, 16, 0, tzinfo=UTC)  # UTC+2
        assert time_range(summer, summer + timedelta(hours=2)) == (
            "Dienstag, 7. Juli 2026, 18:00\u201320:00 Uhr"
        )

    def test_a_range_over_the_night_of_the_switch_counts_the_real_hours(self) -> None:
        # Saturday 23:00 CET to Sunday 04:00 CEST is four hours, not five.
        start = datetime(2026, 3, 28, 22, 0, tzinfo=UTC)
        assert time_range(start, start + timedelta(hours=4)) == (
            "Samstag, 28. März 2026, 23:00 Uhr \u2013 Sonntag, 29. März 2026, 04:00 Uhr"
        )
        # And in October the hour comes back: 01:00 CEST + 3 h = 03:00 CET.
        start = datetime(2026, 10, 24, 23, 0, tzinfo=UTC)
        assert time_range(start, start + timedelta(hours=3)) == (
            "Sonntag, 25. Oktober 2026, 01:00\u201303:00 Uhr"
        )

    def test_without_an_end_only_the_start(self) -> None:
        start = datetime(2026, 12, 31, 23, 30, tzinfo=UTC)
        assert time_range(start) == "Freitag, 1. Januar 2027, 00:30 Uhr"
        assert time_range(start, start) == "Freitag, 1. Januar 2027, 00:30 Uhr"

    def test_valid_until_is_day_and_time_in_berlin(self) -> None:
        assert date_and_time(datetime(2026, 3, 31, 22, 30, tzinfo=UTC)) == "01.04.2026, 00:30 Uhr"
        assert short_date(datetime(2026, 1, 5, 9, 0, tzinfo=UTC)) == "05.01.2026"


def announcement(**fields: object) -> AnnouncementNotice:
    values: dict[str, object] = {
        "recipient_name": "Erika Mustermann",
        "account_name": "Müller & Söhne Verwaltung",
        "title": "Wasser <aus>",
        "text": "Erste Zeile\nzweite Zeile\n\n<script>x</script>",
        "link": "https://portal.example.test/portal/start",
    }
    return AnnouncementNotice(**(values | fields))  # type: ignore[arg-type]


class TestAnnouncements:
    def test_the_text_is_plain_in_text_and_escaped_paragraphs_in_html(self) -> None:
        composed = compose_message_published(announcement())
        assert composed.subject == "Neue Mitteilung: Wasser <aus>"
        assert "Erste Zeile\nzweite Zeile\n\n<script>x</script>" in composed.text
        assert "<p>Erste Zeile<br>\nzweite Zeile</p>" in composed.html
        assert "<p>&lt;script&gt;x&lt;/script&gt;</p>" in composed.html
        assert "<script>" not in composed.html
        assert "Wasser &lt;aus&gt;" in composed.html
        assert "Anhänge" not in composed.text

    def test_attachments_are_counted_never_attached_or_named(self) -> None:
        one = compose_message_published(announcement(attachment_count=1))
        two = compose_message_published(announcement(attachment_count=2))
        assert "gehört ein Anhang. Anhänge finden Sie im Portal." in one.text
        assert "gehören 2 Anhänge. Anhänge finden Sie im Portal." in two.html

    def test_an_appointment_subject_has_its_day_and_stays_one_line(self) -> None:
        composed = compose_appointment_published(
            AppointmentNotice(
                **vars_of(announcement(title="ETV\r\nBcc: x@example.test")),
                when="Dienstag, 17. März 2026, 18:00 Uhr",
                day="17.03.2026",
                place=None,
            )
        )
        assert composed.subject == "Neuer Termin am 17.03.2026: ETV Bcc: x@example.test"
        assert "Wann: Dienstag, 17. März 2026, 18:00 Uhr" in composed.text
        assert "Wo:" not in composed.text


def vars_of(notice: AnnouncementNotice) -> dict[str, object]:
    return {name: getattr(notice, name) for name in AnnouncementNotice.__dataclass_fields__}


class TestInvitations:
    def test_a_property_invitation_without_own_words_gets_the_default(self) -> None:
        for text in (None, "", "  \n "):
            composed = compose_property_invitation(
                PropertyInvitationNotice(
                    account_name="HV",
                    property_name="Lindenstraße 5",
                    text=text,
                    link="https://p.example.test/objekt/x",
                    valid_until=None,
                )
            )
            assert composed.text.startswith("Guten Tag,\n\nHV lädt Sie als Bewohnerin")
            assert "gültig" not in composed.text

    def test_a_contact_invitation_without_code_or_expiry_says_neither(self) -> None:
        composed = compose_contact_invitation(
            ContactInvitationNotice(
                recipient_name=None,
                account_name="HV",
                code=None,
                link="https://p.example.test/r",
                valid_until=None,
            )
        )
        assert composed.text.startswith("Guten Tag,\n\nHV lädt Sie")
        assert "Einladungscode" not in composed.text + composed.html
        assert "gültig" not in composed.text + composed.html

    def test_every_template_has_a_text_and_an_html_part(self) -> None:
        from importlib.resources import files

        names = {p.name for p in files("hausportal.notify").joinpath("templates").iterdir()}
        stems = {n.rsplit(".", 1)[0] for n in names if not n.startswith("_")}
        assert stems == {
            "document_published",
            "message_published",
            "appointment_published",
            "contact_invitation",
            "property_invitation",
            "staff_invitation",
            "password_reset",
            "task_created",
            "task_commented",
            "task_status_changed",
            "task_assigned",
            "document_digest",
            "download_link",
        }
        assert all(f"{stem}.txt" in names and f"{stem}.html" in names for stem in stems)
