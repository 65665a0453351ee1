"""The portal service as an ASGI app: `uvicorn hausportal.portal.main:create_app --factory`."""

from fastapi import FastAPI

from hausportal.kit.app import ServiceDefinition, create_service_app
from hausportal.portal.models import Base, messaging
from hausportal.portal.settings import PortalSettings

SERVICE = ServiceDefinition(
    name="portal",
    package="hausportal.portal",
    metadata=Base.metadata,
    messaging=messaging,
)


def create_app(settings: PortalSettings | None = None) -> FastAPI:
    return create_service_app(SERVICE, settings or PortalSettings())  # type: ignore[call-arg]
