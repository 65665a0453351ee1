"""ASGI app of the smartpost service: `uvicorn hausportal.smartpost.main:create_app --factory`."""

from fastapi import FastAPI

from hausportal.kit.app import ServiceDefinition, create_service_app
from hausportal.smartpost.models import Base, messaging
from hausportal.smartpost.settings import SmartpostSettings

SERVICE = ServiceDefinition(
    name="smartpost",
    package="hausportal.smartpost",
    metadata=Base.metadata,
    messaging=messaging,
)


def create_app(settings: SmartpostSettings | None = None) -> FastAPI:
    return create_service_app(SERVICE, settings or SmartpostSettings())  # type: ignore[call-arg]
