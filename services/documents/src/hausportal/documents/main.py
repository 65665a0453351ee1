"""ASGI app of the documents service: `uvicorn hausportal.documents.main:create_app --factory`."""

from fastapi import FastAPI

from hausportal.documents.consumers import consumer
from hausportal.documents.document_types.endpoints import router as document_types_router
from hausportal.documents.documents.endpoints import router as documents_router
from hausportal.documents.documents.purge import purge_deleted_documents
from hausportal.documents.models import Base, messaging
from hausportal.documents.my_documents.endpoints import router as my_documents_router
from hausportal.documents.preview.endpoints import router as preview_router
from hausportal.documents.settings import DocumentsSettings
from hausportal.kit.app import ServiceDefinition, create_service_app
from hausportal.kit.clock import Clock

SERVICE = ServiceDefinition(
    name="documents",
    package="hausportal.documents",
    metadata=Base.metadata,
    messaging=messaging,
    routers=[document_types_router, documents_router, my_documents_router, preview_router],
    consumer=consumer,
    workers=[purge_deleted_documents],
)


def create_app(settings: DocumentsSettings | None = None, *, clock: Clock | None = None) -> FastAPI:
    return create_service_app(SERVICE, settings or DocumentsSettings(), clock=clock)  # type: ignore[call-arg]
