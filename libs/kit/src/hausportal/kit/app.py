"""The one way a service becomes a FastAPI app: runtime, lifespan, health, metrics, telemetry."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import Annotated, Any

from fastapi import APIRouter, Depends, FastAPI, Request
from fastapi.responses import JSONResponse
from sqlalchemy import MetaData, text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from hausportal.kit.bus.factory import create_bus
from hausportal.kit.bus.port import Bus
from hausportal.kit.clock import Clock, FileClock, SystemClock
from hausportal.kit.db import create_engine, create_sessionmaker
from hausportal.kit.errors import install_error_handlers
from hausportal.kit.logs import configure_logging
from hausportal.kit.messaging import EventConsumer, MessagingTables, OutboxRelay
from hausportal.kit.metrics import instrument_metrics, metrics_router
from hausportal.kit.migrations import upgrade
from hausportal.kit.settings import ServiceSettings
from hausportal.kit.storage.factory import create_storage
from hausportal.kit.storage.port import ObjectStorage
from hausportal.kit.telemetry import instrument_app, instrument_engine, setup_tracing

log = logging.getLogger(__name__)


RuntimeHook = Callable[["Runtime"], Awaitable[None]]


@dataclass(frozen=True)
class ServiceDefinition:
    """What a service is made of; its ``main.create_app`` passes this to ``create_service_app``."""

    name: str  # "documents": URL prefix /api/documents, schema, consumer group, OTel name
    package: str  # "hausportal.documents": where its migrations live
    metadata: MetaData
    messaging: MessagingTables
    routers: Sequence[APIRouter] = ()
    consumer: EventConsumer | None = None
    # Run once after migrations, before the first request (e.g. the embedded demo seed).
    startup: Sequence[RuntimeHook] = ()
    # Background loops (mail sender, purge of deleted objects): started after the bus,
    # cancelled at shutdown; one that raises is logged and restarted after a pause.
    workers: Sequence[RuntimeHook] = ()

    @property
    def prefix(self) -> str:
        return f"/api/{self.name}"


@dataclass
class Runtime:
    """Everything a running service holds; one per app, reachable as ``app.state.runtime``."""

    service: ServiceDefinition
    settings: ServiceSettings
    engine: AsyncEngine
    sessionmaker: async_sessionmaker[AsyncSession]
    bus: Bus
    storage: ObjectStorage
    relay: OutboxRelay
    clock: Clock = field(default_factory=SystemClock)
    tasks: list[asyncio.Task[Any]] = field(default_factory=list)


_RUNTIME_KEY = "hausportal.runtime"


def runtime_of(session: AsyncSession) -> Runtime:
    """The runtime of the app whose sessionmaker made ``session``: how an event handler, which
    gets only ``(session, event)``, reaches the clock and the settings."""
    runtime = session.info.get(_RUNTIME_KEY)
    if runtime is None:
        raise RuntimeError("this session was not made by a service's runtime sessionmaker")
    return runtime  # type: ignore[no-any-return]


def get_runtime(request: Request) -> Runtime:
    return request.app.state.runtime  # type: ignore[no-any-return]


RuntimeDep = Annotated[Runtime, Depends(get_runtime)]


def get_storage(runtime: RuntimeDep) -> ObjectStorage:
    return runtime.storage


StorageDep = Annotated[ObjectStorage, Depends(get_storage)]


def _clock_of(settings: ServiceSettings) -> Clock:
    return FileClock(settings.clock_file) if settings.clock_file else SystemClock()


def create_service_app(
    service: ServiceDefinition, settings: ServiceSettings, *, clock: Clock | None = None
) -> FastAPI:
    configure_logging(level=settings.log_level, json=settings.log_json, service_name=service.name)
    setup_tracing(service_name=settings.otel_service_name or service.name, settings=settings)
    engine = create_engine(settings.database_url, schema=service.metadata.schema or service.name)
    instrument_engine(engine)
    sessionmaker = create_sessionmaker(engine)
    bus = create_bus(settings, client_id=settings.kafka_client_id or service.name)
    storage = create_storage(settings, url_prefix=settings.public_base_url + service.prefix)
    runtime = Runtime(
        service=service,
        settings=settings,
        engine=engine,
        sessionmaker=sessionmaker,
        bus=bus,
        storage=storage,
        relay=OutboxRelay(
            sessionmaker,
            service.messaging,
            bus,
            batch_size=settings.outbox_batch_size,
            poll_interval=settings.outbox_poll_interval_seconds,
            topic_overrides=settings.topic_overrides,
        ),
        clock=clock or _clock_of(settings),
    )
    # Every session of this app carries its runtime (Session copies ``info`` per session).
    sessionmaker.configure(info={_RUNTIME_KEY: runtime})

    app = FastAPI(
        title=f"Hausportal {service.name}",
        lifespan=_lifespan,
        docs_url=f"{service.prefix}/docs",
        redoc_url=None,
        openapi_url=f"{service.prefix}/openapi.json",
    )
    app.state.runtime = runtime
    install_error_handlers(app)
    for router in service.routers:
        app.include_router(router, prefix=service.prefix)
    health = _health_router()
    app.include_router(health)
    app.include_router(health, prefix=service.prefix)
    app.include_router(metrics_router())
    local_router = getattr(storage, "download_router", None)
    if local_router is not None:
        app.include_router(local_router(), prefix=service.prefix)
    instrument_metrics(app, service_name=service.name)
    instrument_app(app, service_name=service.name)
    return app


@contextlib.asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    runtime: Runtime = app.state.runtime
    service, settings = runtime.service, runtime.settings
    if settings.migrate_on_startup:
        await asyncio.to_thread(
            upgrade, package=service.package, database_url=settings.database_url
        )
    await runtime.storage.ensure_ready()
    if service.consumer is not None:
        service.consumer.attach(runtime.bus, runtime.sessionmaker, settings=settings)
    for hook in service.startup:
        await hook(runtime)
    await runtime.bus.start()
    runtime.tasks.append(asyncio.create_task(runtime.relay.run(), name=f"{service.name}-relay"))
    for worker in service.workers:
        name = f"{service.name}-{getattr(worker, '__name__', 'worker')}"
        runtime.tasks.append(asyncio.create_task(_keep_running(worker, runtime), name=name))
    log.info("service started", extra={"service": service.name})
    try:
        yield
    finally:
        for task in runtime.tasks:
            task.cancel()
        await asyncio.gather(*runtime.tasks, return_exceptions=True)
        runtime.tasks.clear()
        await runtime.bus.stop()
        await runtime.engine.dispose()
        log.info("service stopped", extra={"service": service.name})


WORKER_RESTART_SECONDS = 5.0


async def _keep_running(worker: RuntimeHook, runtime: Runtime) -> None:
    """A background loop that fails (database away, a bug) comes back instead of dying quietly."""
    while True:
        try:
            await worker(runtime)
            return
        except asyncio.CancelledError:
            raise
        except Exception:
            log.exception("worker %s failed; restarting", getattr(worker, "__name__", worker))
            await asyncio.sleep(WORKER_RESTART_SECONDS)


def _health_router() -> APIRouter:
    router = APIRouter(tags=["health"])

    @router.get("/healthz", summary="Liveness: the process answers")
    async def healthz(runtime: RuntimeDep) -> dict[str, str]:
        return {"status": "ok", "service": runtime.service.name}

    @router.get("/readyz", summary="Readiness: database, bus and storage answer")
    async def readyz(runtime: RuntimeDep) -> JSONResponse:
        checks = {
            "database": await _check(_database_ready(runtime.engine)),
            "bus": await _check(runtime.bus.ready()),
            "storage": await _check(runtime.storage.ready()),
        }
        ok = all(checks.values())
        return JSONResponse(
            {
                "status": "ok" if ok else "unavailable",
                "service": runtime.service.name,
                "checks": checks,
            },
            status_code=200 if ok else 503,
        )

    return router


async def _database_ready(engine: AsyncEngine) -> bool:
    async with engine.connect() as connection:
        await connection.execute(text("SELECT 1"))
    return True


async def _check(probe: Any) -> bool:
    try:
        return bool(await asyncio.wait_for(probe, timeout=3))
    except Exception:  # a probe that fails for any reason means "not ready"
        log.warning("readiness check failed", exc_info=True)
        return False
