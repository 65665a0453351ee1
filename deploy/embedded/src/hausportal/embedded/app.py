"""One ASGI app that routes /api/<service>/ to each service's own app and runs their lifespans."""

from __future__ import annotations

import contextlib
import secrets
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from fastapi.responses import HTMLResponse, JSONResponse
from starlette.types import ASGIApp, Receive, Scope, Send

from hausportal.documents.main import create_app as create_documents
from hausportal.documents.settings import DocumentsSettings
from hausportal.embedded.mailbox import Mailbox, MailCatcher, mailbox_router
from hausportal.kit.metrics import metrics_router
from hausportal.notify.main import create_app as create_notify
from hausportal.notify.settings import NotifySettings
from hausportal.portal.main import create_app as create_portal
from hausportal.portal.settings import PortalSettings
from hausportal.smartpost.main import create_app as create_smartpost
from hausportal.smartpost.settings import SmartpostSettings
from hausportal.tasks.main import create_app as create_tasks
from hausportal.tasks.settings import TasksSettings

SERVICES: dict[str, tuple[type[Any], Callable[[Any], FastAPI]]] = {
    "portal": (PortalSettings, create_portal),
    "documents": (DocumentsSettings, create_documents),
    "smartpost": (SmartpostSettings, create_smartpost),
    "tasks": (TasksSettings, create_tasks),
    "notify": (NotifySettings, create_notify),
}


@dataclass(frozen=True)
class EmbeddedConfig:
    data_dir: Path
    public_base_url: str
    # Where the in-process SMTP catcher listens (a free port when not given).
    smtp_port: int | None = None
    # The demo account (admin@example.com / hausportal-demo) on a fresh data directory.
    demo_seed: bool = True
    # Tests: every service reads the time from this file (hausportal.kit.clock.FileClock).
    clock_file: Path | None = None


def _service_extras(name: str, config: EmbeddedConfig, smtp_port: int) -> dict[str, Any]:
    """What one service needs beyond the common embedded settings."""
    if name == "portal":
        return {"demo_seed": config.demo_seed, "portal_url": f"{config.public_base_url}/portal"}
    if name == "notify":
        return {
            "smtp_host": "127.0.0.1",
            "smtp_port": smtp_port,
            "portal_url": f"{config.public_base_url}/portal",
        }
    if name == "smartpost":
        return {"work_dir": config.data_dir / "smartpost-work"}
    return {}


def embedded_settings(name: str, config: EmbeddedConfig, *, smtp_port: int = 25) -> Any:
    """The service's settings for the one-process mode; nothing outside data_dir is needed."""
    settings_class, _ = SERVICES[name]
    config.data_dir.mkdir(parents=True, exist_ok=True)
    return settings_class(
        **_service_extras(name, config, smtp_port),
        environment="development",
        database_url=f"sqlite+aiosqlite:///{config.data_dir / 'db' / f'{name}.db'}",
        migrate_on_startup=True,
        bus="memory",
        storage="local",
        storage_local_path=config.data_dir / "objects",
        jwt_secret=_dev_secret(config.data_dir),
        public_base_url=config.public_base_url,
        log_json=False,
        # One process, one tracer provider: its spans carry one service name.
        otel_service_name="hausportal-embedded",
        outbox_poll_interval_seconds=0.2,
        clock_file=config.clock_file,
    )


def _dev_secret(data_dir: Path) -> str:
    # Kept on disk so that tokens stay valid across restarts of `make dev`.
    path = data_dir / "jwt-secret"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(48))
        path.chmod(0o600)
    return path.read_text().strip()


def create_embedded_app(config: EmbeddedConfig) -> ASGIApp:
    mailbox = Mailbox(config.data_dir / "mail")
    catcher = MailCatcher(mailbox, port=config.smtp_port)
    apps = {
        name: factory(embedded_settings(name, config, smtp_port=catcher.port))
        for name, (_, factory) in SERVICES.items()
    }

    @contextlib.asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        catcher.start()
        # Starlette runs only the outer app's lifespan: enter every service's ourselves.
        async with contextlib.AsyncExitStack() as stack:
            stack.callback(catcher.stop)
            for app in apps.values():
                await stack.enter_async_context(app.router.lifespan_context(app))
            yield

    front = FastAPI(title="Hausportal (embedded)", lifespan=lifespan, docs_url=None)
    # The metrics of all five services live in this process's one registry.
    front.include_router(metrics_router())
    front.include_router(mailbox_router(mailbox))

    @front.get("/healthz")
    async def healthz() -> JSONResponse:
        return JSONResponse({"status": "ok", "services": sorted(apps)})

    @front.get("/", response_class=HTMLResponse)
    async def index() -> str:
        rows = "".join(
            f'<li><b>{name}</b>: <a href="/api/{name}/docs">API</a> · '
            f'<a href="/api/{name}/healthz">healthz</a> · '
            f'<a href="/api/{name}/readyz">readyz</a></li>'
            for name in apps
        )
        return (
            "<h1>Hausportal</h1><p>All services in one process.</p>"
            f'<ul>{rows}</ul><p><a href="/mail">E-Mails (SMTP catcher)</a></p>'
        )

    return PrefixRouter({f"/api/{name}": app for name, app in apps.items()}, fallback=front)


class PrefixRouter:
    """Sends a request to the app whose prefix its path starts with; the path stays as it is,
    because every service already serves its routes under /api/<service>/ (as behind the
    Kubernetes ingress)."""

    def __init__(self, apps: dict[str, ASGIApp], *, fallback: ASGIApp) -> None:
        self.apps = apps
        self.fallback = fallback

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] in ("http", "websocket"):
            path: str = scope["path"]
            for prefix, app in self.apps.items():
                if path == prefix or path.startswith(prefix + "/"):
                    await app(scope, receive, send)
                    return
        await self.fallback(scope, receive, send)
