"""Settings of the documents service, read from DOCUMENTS_* environment variables."""

from pydantic import Field

from hausportal.kit.settings import ServiceSettings, service_config

MIB = 1024 * 1024


class DocumentsSettings(ServiceSettings):
    model_config = service_config("DOCUMENTS_")

    database_schema: str = "documents"
    # Largest file one upload may store (DOCUMENTS_MAX_UPLOAD_BYTES); larger ones get 413.
    max_upload_bytes: int = Field(default=50 * MIB, gt=0)
    # A deleted document's content stays this long (for mistakes), then the purge removes it.
    deleted_retention_days: int = Field(default=30, ge=0)
    # How often the purge looks for deleted documents past their retention.
    purge_interval_seconds: float = Field(default=3600.0, gt=0)
