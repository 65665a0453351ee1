"""The notify service as an ASGI app: `uvicorn hausportal.notify.main:create_app --factory`."""

from fastapi import FastAPI

from hausportal.kit.app import ServiceDefinition, create_service_app
from hausportal.notify.models import Base, messaging
from hausportal.notify.settings import NotifySettings

SERVICE = ServiceDefinition(
    name="notify",
    package="hausportal.notify",
    metadata=Base.metadata,
    messaging=messaging,
)


def create_app(settings: NotifySettings | None = None) -> FastAPI:
    return create_service_app(SERVICE, settings or NotifySettings())  # type: ignore[call-arg]
