"""Settings of the portal service, read from PORTAL_* environment variables."""

from hausportal.kit.settings import ServiceSettings, service_config


class PortalSettings(ServiceSettings):
    model_config = service_config("PORTAL_")

    database_schema: str = "portal"
