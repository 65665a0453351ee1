"""The notify service as an ASGI app: `uvicorn hausportal.notify.main:create_app --factory`."""

from fastapi import FastAPI

from hausportal.kit.app import ServiceDefinition, create_service_app
from hausportal.kit.clock import Clock
from hausportal.notify.consumers import consumer
from hausportal.notify.mails.endpoints import router as mails_router
from hausportal.notify.mails.sender import send_mails
from hausportal.notify.models import Base, messaging
from hausportal.notify.notifications.digest import schedule_digests
from hausportal.notify.notifications.worker import expand_notifications
from hausportal.notify.preferences.endpoints import router as preferences_router
from hausportal.notify.settings import NotifySettings

SERVICE = ServiceDefinition(
    name="notify",
    package="hausportal.notify",
    metadata=Base.metadata,
    messaging=messaging,
    routers=(mails_router, preferences_router),
    consumer=consumer,
    workers=(expand_notifications, send_mails, schedule_digests),
)


def create_app(settings: NotifySettings | None = None, *, clock: Clock | None = None) -> FastAPI:
    return create_service_app(
        SERVICE,
        settings or NotifySettings(),  # type: ignore[call-arg]
        clock=clock,
    )
