"""The tasks service as an ASGI app: `uvicorn hausportal.tasks.main:create_app --factory`."""

from fastapi import FastAPI

from hausportal.kit.app import ServiceDefinition, create_service_app
from hausportal.tasks.models import Base, messaging
from hausportal.tasks.settings import TasksSettings

SERVICE = ServiceDefinition(
    name="tasks",
    package="hausportal.tasks",
    metadata=Base.metadata,
    messaging=messaging,
)


def create_app(settings: TasksSettings | None = None) -> FastAPI:
    return create_service_app(SERVICE, settings or TasksSettings())  # type: ignore[call-arg]
