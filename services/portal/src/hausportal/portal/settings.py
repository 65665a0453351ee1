"""Settings of the portal service, read from PORTAL_* environment variables."""

from pydantic import Field

from hausportal.kit.settings import ServiceSettings, service_config


class PortalSettings(ServiceSettings):
    model_config = service_config("PORTAL_")

    database_schema: str = "portal"
    # Embedded mode: create the demo account "Hausverwaltung Muster GmbH" when none exists.
    demo_seed: bool = False
    # How long a contact's invitation code stays valid.
    invitation_days: int = Field(default=14, ge=1)
    # Largest master-data import file accepted (CSV or XLSX).
    import_max_bytes: int = Field(default=10 * 1024 * 1024, ge=1024)
    # Largest property picture accepted (JPEG, PNG or WebP).
    property_image_max_bytes: int = Field(default=5 * 1024 * 1024, ge=1024)
    # Largest attachment of a message or appointment (each file).
    announcement_attachment_max_bytes: int = Field(default=20 * 1024 * 1024, ge=1024)
    # The residents' portal in the browser: invitation and password e-mails link to its pages.
    portal_url: str = "http://127.0.0.1:8000/portal"
    # How long a staff member's invitation link stays valid.
    staff_invitation_hours: int = Field(default=72, ge=1)
    # How long a password reset link stays valid.
    password_reset_minutes: int = Field(default=120, ge=5)
    # How long a login lasts without being refreshed (the refresh token's lifetime).
    refresh_token_days: int = Field(default=30, ge=1)
