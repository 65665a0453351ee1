"""Settings of the notify service, read from NOTIFY_* environment variables."""

from pydantic import Field, SecretStr

from hausportal.kit.settings import ServiceSettings, service_config


class NotifySettings(ServiceSettings):
    model_config = service_config("NOTIFY_")

    database_schema: str = "notify"

    # Sender of every mail, and where the links in them point.
    mail_from: str = "Hausportal <noreply@hausportal.local>"
    portal_url: str = "http://127.0.0.1:8000/portal"

    # A notification waits this long before its recipients are chosen, so that directory
    # events published just before it on another topic (a registration) have arrived.
    notify_settle_seconds: float = Field(default=3.0, ge=0)
    # How often the workers look for due notifications and mails when nothing woke them.
    notify_poll_interval_seconds: float = Field(default=1.0, gt=0)

    # The daily digest of new documents goes out at this hour, on the clock in Germany
    # (Europe/Berlin, summer time included).
    digest_hour: int = Field(default=7, ge=0, le=23)

    smtp_host: str = "127.0.0.1"
    smtp_port: int = Field(default=25, ge=1, le=65535)
    smtp_starttls: bool = False
    smtp_username: SecretStr | None = None
    smtp_password: SecretStr | None = None
    smtp_timeout_seconds: float = Field(default=30.0, gt=0)
    # After this many failed attempts a mail is given up (status failed).
    smtp_max_attempts: int = Field(default=20, ge=1)
    # Backoff after a failed attempt: base, doubled per attempt, capped.
    smtp_retry_base_seconds: float = Field(default=5.0, ge=0)
    smtp_retry_max_seconds: float = Field(default=600.0, ge=0)
    # Mails claimed per round, and how long a claim holds before another replica may retry
    # (a replica that died mid-send); longer than a round of sends can take.
    smtp_batch_size: int = Field(default=10, ge=1)
    smtp_lease_seconds: float = Field(default=600.0, gt=0)
