"""Settings of the documents service, read from DOCUMENTS_* environment variables."""

from hausportal.kit.settings import ServiceSettings, service_config


class DocumentsSettings(ServiceSettings):
    model_config = service_config("DOCUMENTS_")

    database_schema: str = "documents"
