"""Settings of the smartpost service, read from SMARTPOST_* environment variables."""

from hausportal.kit.settings import ServiceSettings, service_config


class SmartpostSettings(ServiceSettings):
    model_config = service_config("SMARTPOST_")

    database_schema: str = "smartpost"
