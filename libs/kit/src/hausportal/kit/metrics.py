"""Prometheus metrics every service shares: HTTP requests, bus messages, outbox backlog, /metrics.

The metric objects live here, once per process, in prometheus-client's default registry. In
the embedded mode five apps share them; the ``service`` label tells them apart.
"""

from __future__ import annotations

import time
from typing import Literal

from fastapi import APIRouter, FastAPI, Response
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    Counter,
    Gauge,
    Histogram,
    disable_created_metrics,
)
from prometheus_client.exposition import generate_latest
from starlette.types import ASGIApp, Message, Receive, Scope, Send

# The *_created series would double every counter's series count and nothing here uses them.
disable_created_metrics()

HTTP_REQUESTS = Counter(
    "hausportal_http_requests",
    "HTTP requests answered, by route template and status.",
    ["service", "method", "route", "status"],
)
HTTP_REQUEST_DURATION = Histogram(
    "hausportal_http_request_duration_seconds",
    "Time from receiving a request to the end of its response body.",
    ["service", "method", "route", "status"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0),
)
BUS_MESSAGES_HANDLED = Counter(
    "hausportal_bus_messages_handled",
    "Bus messages a consumer took, by topic and outcome.",
    ["service", "topic", "outcome"],
)
BUS_MESSAGES_PUBLISHED = Counter(
    "hausportal_bus_messages_published",
    "Messages the outbox relay published to the bus, by topic.",
    ["service", "topic"],
)
OUTBOX_BACKLOG = Gauge(
    "hausportal_outbox_backlog",
    "Events written to the outbox and not yet published.",
    ["service"],
)

# processed: effect committed; duplicate: event id already in the inbox, skipped;
# failed: the handler raised and the message will be retried.
BusOutcome = Literal["processed", "duplicate", "failed"]

# Requests that match no route get one label instead of their raw path, which is unbounded.
UNMATCHED_ROUTE = "<unmatched>"
# Probes and scrapes would dominate the counts without telling anything about traffic.
UNCOUNTED_PATHS = frozenset({"/healthz", "/readyz", "/metrics"})
_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})


def record_bus_message(*, service: str, topic: str, outcome: BusOutcome) -> None:
    BUS_MESSAGES_HANDLED.labels(service=service, topic=topic, outcome=outcome).inc()


def record_published(*, service: str, topic: str, count: int = 1) -> None:
    BUS_MESSAGES_PUBLISHED.labels(service=service, topic=topic).inc(count)


def set_outbox_backlog(*, service: str, count: int) -> None:
    OUTBOX_BACKLOG.labels(service=service).set(count)


def metrics_router() -> APIRouter:
    """``GET /metrics`` in Prometheus text format (everything in this process's registry)."""
    router = APIRouter()

    @router.get("/metrics", include_in_schema=False)
    def metrics() -> Response:
        return Response(generate_latest(REGISTRY), media_type=CONTENT_TYPE_LATEST)

    return router


def instrument_metrics(app: FastAPI, *, service_name: str) -> None:
    """Count and time every request of ``app`` under ``service_name``."""
    app.add_middleware(HttpMetricsMiddleware, service_name=service_name)


class HttpMetricsMiddleware:
    """Pure ASGI (no BaseHTTPMiddleware), so streamed responses are timed to their last byte."""

    def __init__(self, app: ASGIApp, *, service_name: str) -> None:
        self.app = app
        self.service_name = service_name

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or _uncounted(scope["path"]):
            await self.app(scope, receive, send)
            return
        status = 500  # what the client gets if the app raises before it answers
        started = time.perf_counter()

        async def send_with_status(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, send_with_status)
        finally:
            labels = {
                "service": self.service_name,
                "method": scope["method"] if scope["method"] in _METHODS else "other",
                # The router stores the matched route in the scope; its path is the template.
                "route": getattr(scope.get("route"), "path", None) or UNMATCHED_ROUTE,
                "status": str(status),
            }
            HTTP_REQUESTS.labels(**labels).inc()
            HTTP_REQUEST_DURATION.labels(**labels).observe(time.perf_counter() - started)


def _uncounted(path: str) -> bool:
    # Services serve their probes under /api/<service>/ as well as at the root.
    return any(path.endswith(p) for p in UNCOUNTED_PATHS)
