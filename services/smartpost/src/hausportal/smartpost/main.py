"""ASGI app of the smartpost service: `uvicorn hausportal.smartpost.main:create_app --factory`."""

from fastapi import FastAPI

from hausportal.kit.app import ServiceDefinition, create_service_app
from hausportal.kit.clock import Clock
from hausportal.smartpost.consumers import consumer
from hausportal.smartpost.dispatch.download_links import build_download_links
from hausportal.smartpost.dispatch.endpoints import router as dispatch_router
from hausportal.smartpost.dispatch.orders import follow_open_orders
from hausportal.smartpost.models import Base, messaging
from hausportal.smartpost.serial_letters.endpoints import router as serial_letters_router
from hausportal.smartpost.serial_letters.purge import purge_deleted_serial_letters
from hausportal.smartpost.serial_letters.splitting import run_split_jobs
from hausportal.smartpost.settings import SmartpostSettings

SERVICE = ServiceDefinition(
    name="smartpost",
    package="hausportal.smartpost",
    metadata=Base.metadata,
    messaging=messaging,
    routers=[serial_letters_router, dispatch_router],
    consumer=consumer,
    workers=[
        run_split_jobs,
        purge_deleted_serial_letters,
        build_download_links,
        follow_open_orders,
    ],
)


def create_app(settings: SmartpostSettings | None = None, *, clock: Clock | None = None) -> FastAPI:
    return create_service_app(SERVICE, settings or SmartpostSettings(), clock=clock)  # type: ignore[call-arg]
