"""Settings of the tasks service, read from TASKS_* environment variables."""

from pydantic import Field

from hausportal.kit.settings import ServiceSettings, service_config

MIB = 1024 * 1024


class TasksSettings(ServiceSettings):
    model_config = service_config("TASKS_")

    database_schema: str = "tasks"
    # Largest photo or file one upload to a ticket may store (TASKS_MAX_UPLOAD_BYTES);
    # larger ones get 413.
    max_upload_bytes: int = Field(default=20 * MIB, gt=0)
