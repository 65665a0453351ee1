"""Tracing: a request becomes a SERVER span, its SQL becomes CLIENT spans of the same trace."""

from __future__ import annotations

import subprocess
import sys
import threading
import uuid
from collections.abc import AsyncIterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI
from opentelemetry import propagate, trace
from opentelemetry.sdk.trace import ReadableSpan
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import SpanKind, format_trace_id
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from hausportal.kit.db import create_engine
from hausportal.kit.settings import ServiceSettings
from hausportal.kit.telemetry import (
    install_memory_exporter,
    instrument_app,
    instrument_engine,
    setup_tracing,
)


def settings() -> ServiceSettings:
    return ServiceSettings(
        environment="test",
        database_url="sqlite+aiosqlite:///unused.db",
        storage="local",
        jwt_secret="x" * 40,
    )


@pytest.fixture
def spans() -> InMemorySpanExporter:
    setup_tracing(service_name="telemetry-test", settings=settings())
    exporter = install_memory_exporter()
    exporter.clear()
    return exporter


@pytest.fixture
async def sqlite_engine(tmp_path: Path) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'notes.db'}", schema="notes")
    instrument_engine(engine)
    yield engine
    await engine.dispose()


def build_app(engine: AsyncEngine, *, service_name: str = "documents") -> FastAPI:
    app = FastAPI()

    @app.get("/api/documents/items/{item_id}")
    async def item(item_id: int) -> dict[str, int]:
        async with engine.connect() as connection:
            result = await connection.execute(text("SELECT :value AS value"), {"value": item_id})
            return {"value": result.scalar_one()}

    @app.get("/healthz")
    async def healthz() -> dict[str, str]:
        return {"status": "ok"}

    instrument_app(app, service_name=service_name)
    return app


async def get(app: FastAPI, path: str, **kwargs: object) -> httpx.Response:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        return await client.get(path, **kwargs)  # type: ignore[arg-type]


def server_spans(exporter: InMemorySpanExporter) -> list[ReadableSpan]:
    return [s for s in exporter.get_finished_spans() if s.kind is SpanKind.SERVER]


def sql_spans(exporter: InMemorySpanExporter, trace_id: int) -> list[ReadableSpan]:
    return [
        s
        for s in exporter.get_finished_spans()
        if s.kind is SpanKind.CLIENT
        and s.context.trace_id == trace_id
        and "SELECT" in str(s.attributes.get("db.statement", s.attributes.get("db.query.text")))
    ]


class TestRequestTracing:
    async def test_request_and_its_sql_share_one_trace(
        self, spans: InMemorySpanExporter, sqlite_engine: AsyncEngine
    ) -> None:
        response = await get(build_app(sqlite_engine), "/api/documents/items/7")
        assert response.json() == {"value": 7}

        [server] = server_spans(spans)
        # The route template names the span, not the raw path.
        assert server.name == "GET /api/documents/items/{item_id}"
        assert server.attributes["hausportal.service"] == "documents"
        [query] = sql_spans(spans, server.context.trace_id)
        # The SQL span sits under the request (directly or below an internal ASGI span).
        by_id = {s.context.span_id: s for s in spans.get_finished_spans()}
        ancestor = query
        while ancestor.parent is not None and ancestor.context.span_id != server.context.span_id:
            ancestor = by_id[ancestor.parent.span_id]
        assert ancestor is server

    async def test_incoming_traceparent_is_continued(
        self, spans: InMemorySpanExporter, sqlite_engine: AsyncEngine
    ) -> None:
        trace_id = uuid.uuid4().hex
        headers = {"traceparent": f"00-{trace_id}-{'ab' * 8}-01"}
        await get(build_app(sqlite_engine), "/api/documents/items/1", headers=headers)
        [server] = server_spans(spans)
        assert format_trace_id(server.context.trace_id) == trace_id

    async def test_probes_are_not_traced(
        self, spans: InMemorySpanExporter, sqlite_engine: AsyncEngine
    ) -> None:
        assert (await get(build_app(sqlite_engine), "/healthz")).status_code == 200
        assert server_spans(spans) == []


class TestIdempotence:
    async def test_setting_up_twice_keeps_one_provider(self) -> None:
        first = setup_tracing(service_name="portal", settings=settings())
        second = setup_tracing(service_name="documents", settings=settings())
        assert first is second
        assert trace.get_tracer_provider() is first

    async def test_instrumenting_twice_does_not_double_spans(
        self, spans: InMemorySpanExporter, sqlite_engine: AsyncEngine
    ) -> None:
        instrument_engine(sqlite_engine)
        app = build_app(sqlite_engine)
        instrument_app(app, service_name="documents")
        await get(app, "/api/documents/items/3")
        [server] = server_spans(spans)
        assert len(sql_spans(spans, server.context.trace_id)) == 1

    async def test_two_apps_in_one_process_each_get_their_spans(
        self, spans: InMemorySpanExporter, sqlite_engine: AsyncEngine
    ) -> None:
        await get(build_app(sqlite_engine, service_name="portal"), "/api/documents/items/1")
        await get(build_app(sqlite_engine, service_name="tasks"), "/api/documents/items/2")
        services = sorted(s.attributes["hausportal.service"] for s in server_spans(spans))
        assert services == ["portal", "tasks"]


class TestPropagation:
    def test_global_propagator_writes_w3c_traceparent(self, spans: InMemorySpanExporter) -> None:
        tracer = trace.get_tracer(__name__)
        with tracer.start_as_current_span("publish") as span:
            carrier: dict[str, str] = {}
            propagate.inject(carrier)
        trace_id = format_trace_id(span.get_span_context().trace_id)
        assert carrier["traceparent"].startswith(f"00-{trace_id}-")
        extracted = trace.get_current_span(propagate.extract(carrier)).get_span_context()
        assert extracted.trace_id == span.get_span_context().trace_id


class TestExport:
    def test_spans_go_to_the_configured_otlp_collector(self, tmp_path: Path) -> None:
        received: list[tuple[str, bytes]] = []

        class Collector(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                received.append((self.path, body))
                self.send_response(200)
                self.end_headers()

            def log_message(self, *_args: object) -> None:
                pass

        server = HTTPServer(("127.0.0.1", 0), Collector)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        # A fresh process: the tracer provider of this one is already set for good.
        script = f"""
from opentelemetry import trace
from hausportal.kit.settings import ServiceSettings
from hausportal.kit.telemetry import setup_tracing
settings = ServiceSettings(
    environment="test", database_url="sqlite+aiosqlite:///unused.db", storage="local",
    jwt_secret="x" * 40, otel_exporter_otlp_endpoint="http://127.0.0.1:{server.server_port}",
)
provider = setup_tracing(service_name="smartpost", settings=settings)
with trace.get_tracer("test").start_as_current_span("split serial letter"):
    pass
provider.force_flush()
"""
        try:
            subprocess.run([sys.executable, "-c", script], check=True, timeout=60, cwd=tmp_path)
        finally:
            server.shutdown()
        [(path, body)] = received
        assert path == "/v1/traces"
        assert b"smartpost" in body
        assert b"split serial letter" in body
