"""The portal service as an ASGI app: `uvicorn hausportal.portal.main:create_app --factory`."""

from fastapi import FastAPI

from hausportal.kit.app import ServiceDefinition, create_service_app
from hausportal.kit.clock import Clock
from hausportal.portal.accounts.endpoints import router as account_router
from hausportal.portal.announcements.endpoints import router as announcements_router
from hausportal.portal.auth.endpoints import router as auth_router
from hausportal.portal.contacts.endpoints import router as contacts_router
from hausportal.portal.contracts.endpoints import router as contracts_router
from hausportal.portal.demo import seed_demo
from hausportal.portal.faq.endpoints import router as faq_router
from hausportal.portal.home.endpoints import router as home_router
from hausportal.portal.imports.endpoints import router as import_router
from hausportal.portal.invitations.endpoints import router as invitations_router
from hausportal.portal.models import Base, messaging
from hausportal.portal.preview.endpoints import router as preview_router
from hausportal.portal.properties.endpoints import router as properties_router
from hausportal.portal.registration.endpoints import router as registration_router
from hausportal.portal.residents.endpoints import router as residents_router
from hausportal.portal.settings import PortalSettings
from hausportal.portal.staff.endpoints import router as staff_router
from hausportal.portal.units.endpoints import router as units_router

SERVICE = ServiceDefinition(
    name="portal",
    package="hausportal.portal",
    metadata=Base.metadata,
    messaging=messaging,
    routers=(
        auth_router,
        account_router,
        properties_router,
        units_router,
        contacts_router,
        contracts_router,
        registration_router,
        invitations_router,
        residents_router,
        staff_router,
        import_router,
        announcements_router,
        faq_router,
        home_router,
        preview_router,
    ),
    startup=(seed_demo,),
)


def create_app(settings: PortalSettings | None = None, *, clock: Clock | None = None) -> FastAPI:
    return create_service_app(SERVICE, settings or PortalSettings(), clock=clock)  # type: ignore[call-arg]
