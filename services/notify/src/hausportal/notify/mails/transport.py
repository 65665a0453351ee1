"""SMTP with aiosmtplib: one connection per round of mails, settings read when it opens."""

from __future__ import annotations

from email.message import EmailMessage
from types import TracebackType

import aiosmtplib
from pydantic import SecretStr

from hausportal.notify.settings import NotifySettings

# The server refused this one message; the connection is still good for the next.
MESSAGE_REFUSED: tuple[type[Exception], ...] = (
    aiosmtplib.SMTPRecipientsRefused,
    aiosmtplib.SMTPRecipientRefused,
    aiosmtplib.SMTPSenderRefused,
    aiosmtplib.SMTPDataError,
)
# Anything else that can go wrong talking to the server: the whole round fails.
SERVER_TROUBLE: tuple[type[Exception], ...] = (aiosmtplib.SMTPException, OSError, TimeoutError)


class SmtpConnection:
    """``async with SmtpConnection(settings) as smtp: await smtp.send(message)``."""

    def __init__(self, settings: NotifySettings) -> None:
        self._client = aiosmtplib.SMTP(
            hostname=settings.smtp_host,
            port=settings.smtp_port,
            username=_plain(settings.smtp_username),
            password=_plain(settings.smtp_password),
            start_tls=settings.smtp_starttls,
            timeout=settings.smtp_timeout_seconds,
        )

    async def __aenter__(self) -> SmtpConnection:
        await self._client.connect()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if not self._client.is_connected:
            return
        try:
            await self._client.quit()
        except SERVER_TROUBLE:
            # Everything already sent was accepted; a failed goodbye changes nothing.
            self._client.close()

    async def send(self, message: EmailMessage) -> None:
        """Returns once the server accepted the message for every recipient."""
        await self._client.send_message(message)


def _plain(secret: SecretStr | None) -> str | None:
    return None if secret is None else secret.get_secret_value()
