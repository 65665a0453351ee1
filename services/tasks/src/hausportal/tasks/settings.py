"""Settings of the tasks service, read from TASKS_* environment variables."""

from hausportal.kit.settings import ServiceSettings, service_config


class TasksSettings(ServiceSettings):
    model_config = service_config("TASKS_")

    database_schema: str = "tasks"
