"""The embedded mode's mail catcher: a real SMTP server on 127.0.0.1 and a page to read it.

notify sends over SMTP exactly as in production; here the server is aiosmtpd in this process,
and what arrives is kept as .eml files under the data directory and shown at /mail.
"""

from __future__ import annotations

import email
import email.policy
import html
import socket
import threading
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from email.message import EmailMessage
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller
from fastapi import APIRouter, HTTPException
from fastapi.responses import HTMLResponse


@dataclass(frozen=True)
class CapturedMail:
    id: str
    received_at: str
    sender: str
    recipients: list[str]
    subject: str
    text: str
    html: str | None
    attachments: list[str]


class Mailbox:
    """Keeps every message as ``<dir>/<received>-<id>.eml``; survives restarts of `make dev`."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.directory.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()

    def store(self, raw: bytes) -> None:
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f")
        with self._lock:
            (self.directory / f"{stamp}-{uuid.uuid4().hex[:8]}.eml").write_bytes(raw)

    def mails(self) -> list[CapturedMail]:
        return [_parse(path) for path in sorted(self.directory.glob("*.eml"), reverse=True)]

    async def handle_DATA(self, _server: Any, _session: Any, envelope: Any) -> str:
        self.store(envelope.original_content or envelope.content)
        return "250 Message accepted for delivery"


def _parse(path: Path) -> CapturedMail:
    message: EmailMessage = email.message_from_bytes(  # type: ignore[assignment]
        path.read_bytes(), policy=email.policy.default
    )
    text_part = message.get_body(preferencelist=("plain",))
    html_part = message.get_body(preferencelist=("html",))
    return CapturedMail(
        id=path.stem,
        received_at=path.stem.split("-")[0],
        sender=str(message.get("From", "")),
        recipients=[
            address.addr_spec
            for header in message.get_all("To", [])
            for address in header.addresses
        ],
        subject=str(message.get("Subject", "")),
        text=text_part.get_content() if text_part is not None else "",
        html=html_part.get_content() if html_part is not None else None,
        attachments=[part.get_filename() or "" for part in message.iter_attachments()],
    )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class MailCatcher:
    """The SMTP server: ``start()`` before the services, ``stop()`` after them."""

    def __init__(self, mailbox: Mailbox, *, port: int | None = None) -> None:
        self.mailbox = mailbox
        self.host = "127.0.0.1"
        self.port = port or free_port()
        self._controller = Controller(mailbox, hostname=self.host, port=self.port)

    def start(self) -> None:
        self._controller.start()

    def stop(self) -> None:
        self._controller.stop()


def mailbox_router(mailbox: Mailbox) -> APIRouter:
    router = APIRouter(tags=["mail"])

    @router.get("/mail/api", summary="Every e-mail the embedded mode sent, newest first")
    async def mails() -> list[CapturedMail]:
        return mailbox.mails()

    @router.get("/mail", response_class=HTMLResponse, include_in_schema=False)
    async def mail_page() -> str:
        rows = "".join(
            f"<tr><td>{html.escape(m.received_at)}</td><td>{html.escape(', '.join(m.recipients))}"
            f'</td><td><a href="/mail/{html.escape(m.id)}">{html.escape(m.subject)}</a></td></tr>'
            for m in mailbox.mails()
        )
        return (
            "<h1>Gesendete E-Mails</h1><table><tr><th>Empfangen (UTC)</th><th>An</th>"
            f"<th>Betreff</th></tr>{rows}</table>"
        )

    @router.get("/mail/{mail_id}", response_class=HTMLResponse, include_in_schema=False)
    async def mail_detail(mail_id: str) -> str:
        found = next((m for m in mailbox.mails() if m.id == mail_id), None)
        if found is None:
            raise HTTPException(404, "Diese E-Mail gibt es nicht.")
        to = html.escape(", ".join(found.recipients))
        return (
            f"<h1>{html.escape(found.subject)}</h1><p>An: {to}</p>"
            f"<pre>{html.escape(found.text)}</pre>"
        )

    return router
