"""ASGI app of the documents service: `uvicorn hausportal.documents.main:create_app --factory`."""

from fastapi import FastAPI

from hausportal.documents.models import Base, messaging
from hausportal.documents.settings import DocumentsSettings
from hausportal.kit.app import ServiceDefinition, create_service_app

SERVICE = ServiceDefinition(
    name="documents",
    package="hausportal.documents",
    metadata=Base.metadata,
    messaging=messaging,
)


def create_app(settings: DocumentsSettings | None = None) -> FastAPI:
    return create_service_app(SERVICE, settings or DocumentsSettings())  # type: ignore[call-arg]
