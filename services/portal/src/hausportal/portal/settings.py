"""Settings of the portal service, read from PORTAL_* environment variables."""

from pydantic import Field

from hausportal.kit.settings import ServiceSettings, service_config


class PortalSettings(ServiceSettings):
    model_config = service_config("PORTAL_")

    database_schema: str = "portal"
    # Embedded mode: create the demo account "Hausverwaltung Muster GmbH" when none exists.
    demo_seed: bool = False
    # How long an invitation's registration token stays valid.
    registration_token_days: int = Field(default=14, ge=1)
    # Largest master-data import file accepted (CSV or XLSX).
    import_max_bytes: int = Field(default=10 * 1024 * 1024, ge=1024)
    # Largest property picture accepted (JPEG, PNG or WebP).
    property_image_max_bytes: int = Field(default=5 * 1024 * 1024, ge=1024)
