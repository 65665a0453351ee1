"""Settings of the notify service, read from NOTIFY_* environment variables."""

from pydantic import SecretStr

from hausportal.kit.settings import ServiceSettings, service_config


class NotifySettings(ServiceSettings):
    model_config = service_config("NOTIFY_")

    database_schema: str = "notify"
    smtp_host: str = "127.0.0.1"
    smtp_port: int = 25
    smtp_starttls: bool = False
    smtp_from: str = "Hausportal <noreply@hausportal.invalid>"
    smtp_username: str | None = None
    smtp_password: SecretStr | None = None
