"""A queued mail as the RFC 5322 message that goes over SMTP."""

from __future__ import annotations

from datetime import datetime
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, parseaddr

from hausportal.notify.mails.compose import one_line
from hausportal.notify.models import Mail


def message_domain(mail_from: str) -> str:
    _, address = parseaddr(mail_from)
    return address.rpartition("@")[2] or "hausportal.local"


def message_id(mail: Mail, *, mail_from: str) -> str:
    # From the mail's id: a rare second send after a crash carries the same Message-ID, so
    # mail clients and the capture server can recognise it as the same message.
    return f"<{mail.id}@{message_domain(mail_from)}>"


def build_message(mail: Mail, *, mail_from: str, now: datetime) -> EmailMessage:
    message = EmailMessage()
    message["From"] = mail_from
    message["To"] = Address(display_name=one_line(mail.to_name), addr_spec=mail.to_address)
    message["Subject"] = mail.subject
    message["Date"] = format_datetime(now)
    message["Message-ID"] = message_id(mail, mail_from=mail_from)
    message["Auto-Submitted"] = "auto-generated"
    message.set_content(mail.text_body)
    message.add_alternative(mail.html_body, subtype="html")
    return message
