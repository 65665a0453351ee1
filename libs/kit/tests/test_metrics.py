"""Prometheus: /metrics shows requests by route template and status, and the bus/outbox metrics."""

from __future__ import annotations

import uuid

import httpx
import pytest
from fastapi import FastAPI, HTTPException
from prometheus_client.parser import text_string_to_metric_families

from hausportal.kit.metrics import (
    instrument_metrics,
    metrics_router,
    record_bus_message,
    record_published,
    set_outbox_backlog,
)


@pytest.fixture
def service() -> str:
    """A service name no other test uses, so counts start at zero."""
    return f"svc-{uuid.uuid4().hex[:8]}"


def build_app(service: str) -> FastAPI:
    app = FastAPI()

    @app.get("/api/documents/documents/{document_id}")
    async def document(document_id: int) -> dict[str, int]:
        if document_id == 404:
            raise HTTPException(404, "not found")
        if document_id == 500:
            raise RuntimeError("storage down")
        return {"id": document_id}

    @app.get("/healthz")
    async def healthz() -> dict[str, str]:
        return {"status": "ok"}

    app.include_router(metrics_router())
    instrument_metrics(app, service_name=service)
    return app


def client(app: FastAPI) -> httpx.AsyncClient:
    # Like a real server, answer an unhandled error with a 500 instead of raising in the test.
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    return httpx.AsyncClient(transport=transport, base_url="http://test")


async def scrape(http: httpx.AsyncClient) -> dict[tuple[str, frozenset[tuple[str, str]]], float]:
    response = await http.get("/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    return {
        (sample.name, frozenset(sample.labels.items())): sample.value
        for family in text_string_to_metric_families(response.text)
        for sample in family.samples
    }


def value(
    samples: dict[tuple[str, frozenset[tuple[str, str]]], float], name: str, **labels: str
) -> float:
    return samples.get((name, frozenset(labels.items())), 0.0)


class TestHttpMetrics:
    async def test_requests_are_counted_by_route_template_and_status(self, service: str) -> None:
        async with client(build_app(service)) as http:
            for document_id in (1, 2, 404, 500):
                await http.get(f"/api/documents/documents/{document_id}")
            samples = await scrape(http)

        route = "/api/documents/documents/{document_id}"
        common = {"service": service, "method": "GET", "route": route}
        assert value(samples, "hausportal_http_requests_total", **common, status="200") == 2
        assert value(samples, "hausportal_http_requests_total", **common, status="404") == 1
        assert value(samples, "hausportal_http_requests_total", **common, status="500") == 1
        assert (
            value(samples, "hausportal_http_request_duration_seconds_count", **common, status="200")
            == 2
        )
        # Raw paths never become labels: that would grow without bound.
        assert not any(dict(labels).get("route", "").endswith("/1") for (_name, labels) in samples)

    async def test_unknown_paths_share_one_label(self, service: str) -> None:
        async with client(build_app(service)) as http:
            await http.get("/wp-login.php")
            await http.get(f"/random/{uuid.uuid4()}")
            samples = await scrape(http)
        unmatched = {"service": service, "method": "GET", "route": "<unmatched>", "status": "404"}
        assert value(samples, "hausportal_http_requests_total", **unmatched) == 2

    async def test_probes_and_scrapes_are_not_counted(self, service: str) -> None:
        async with client(build_app(service)) as http:
            await http.get("/healthz")
            await scrape(http)
            samples = await scrape(http)
        counted = [
            labels
            for (name, labels) in samples
            if name == "hausportal_http_requests_total" and ("service", service) in labels
        ]
        assert counted == []

    async def test_two_apps_in_one_process_are_told_apart(self) -> None:
        portal, tasks = f"portal-{uuid.uuid4().hex[:6]}", f"tasks-{uuid.uuid4().hex[:6]}"
        async with client(build_app(portal)) as http:
            await http.get("/api/documents/documents/1")
        async with client(build_app(tasks)) as http:
            await http.get("/api/documents/documents/1")
            samples = await scrape(http)
        route = "/api/documents/documents/{document_id}"
        for service in (portal, tasks):
            labels = {"service": service, "method": "GET", "route": route, "status": "200"}
            assert value(samples, "hausportal_http_requests_total", **labels) == 1


class TestBusMetrics:
    async def test_bus_and_outbox_metrics_are_exposed(self, service: str) -> None:
        record_bus_message(service=service, topic="portal.directory", outcome="processed")
        record_bus_message(service=service, topic="portal.directory", outcome="processed")
        record_bus_message(service=service, topic="portal.directory", outcome="duplicate")
        record_published(service=service, topic="documents.events", count=5)
        set_outbox_backlog(service=service, count=17)

        async with client(build_app(service)) as http:
            samples = await scrape(http)

        handled = {"service": service, "topic": "portal.directory"}
        assert (
            value(samples, "hausportal_bus_messages_handled_total", **handled, outcome="processed")
            == 2
        )
        assert (
            value(samples, "hausportal_bus_messages_handled_total", **handled, outcome="duplicate")
            == 1
        )
        published = {"service": service, "topic": "documents.events"}
        assert value(samples, "hausportal_bus_messages_published_total", **published) == 5
        assert value(samples, "hausportal_outbox_backlog", service=service) == 17
