"""The tasks service as an ASGI app: `uvicorn hausportal.tasks.main:create_app --factory`."""

from fastapi import FastAPI

from hausportal.kit.app import ServiceDefinition, create_service_app
from hausportal.kit.clock import Clock
from hausportal.tasks.consumers import consumer
from hausportal.tasks.models import Base, messaging
from hausportal.tasks.settings import TasksSettings
from hausportal.tasks.ticket_types.endpoints import router as ticket_types_router
from hausportal.tasks.tickets.endpoints import router as tickets_router

SERVICE = ServiceDefinition(
    name="tasks",
    package="hausportal.tasks",
    metadata=Base.metadata,
    messaging=messaging,
    routers=[ticket_types_router, tickets_router],
    consumer=consumer,
)


def create_app(settings: TasksSettings | None = None, *, clock: Clock | None = None) -> FastAPI:
    return create_service_app(SERVICE, settings or TasksSettings(), clock=clock)  # type: ignore[call-arg]
