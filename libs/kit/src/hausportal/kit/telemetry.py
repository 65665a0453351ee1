"""OpenTelemetry tracing: one tracer provider per process, HTTP and SQL spans, W3C propagation.

One process may run several services (the embedded mode). A tracer provider can be set only
once per process, so the first ``setup_tracing`` call names the process (resource
``service.name``); later calls reuse it. Server spans carry ``hausportal.service`` so the
service that answered a request is visible either way.
"""

from __future__ import annotations

import logging
import threading
import weakref

from fastapi import FastAPI
from opentelemetry import metrics, propagate, trace
from opentelemetry.baggage.propagation import W3CBaggagePropagator
from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
from opentelemetry.instrumentation.fastapi import FastAPIInstrumentor
from opentelemetry.instrumentation.sqlalchemy.engine import EngineTracer
from opentelemetry.propagators.composite import CompositePropagator
from opentelemetry.sdk.resources import SERVICE_NAME, Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor, SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import Span
from opentelemetry.trace.propagation.tracecontext import TraceContextTextMapPropagator
from sqlalchemy import Engine
from sqlalchemy.ext.asyncio import AsyncEngine

from hausportal.kit.settings import ServiceSettings

log = logging.getLogger(__name__)

# Probes and scrapes run every few seconds; their spans would drown the real traffic.
# Matched (regex search) against the request URL without query string.
EXCLUDED_URLS = "/healthz$,/readyz$,/metrics$"
SERVICE_ATTRIBUTE = "hausportal.service"

_lock = threading.Lock()
_provider: TracerProvider | None = None
_memory_exporter: InMemorySpanExporter | None = None
_instrumented_engines: weakref.WeakSet[Engine] = weakref.WeakSet()
_sql_instruments: tuple[trace.Tracer, metrics.UpDownCounter] | None = None


def setup_tracing(*, service_name: str, settings: ServiceSettings) -> TracerProvider:
    """The process's tracer provider, created on the first call; later calls return it.

    Spans are always recorded (so logs carry real trace ids); they are exported over OTLP/HTTP
    only when ``settings.otel_exporter_otlp_endpoint`` is set.
    """
    return _ensure_provider(
        service_name=service_name, otlp_endpoint=settings.otel_exporter_otlp_endpoint
    )


def _ensure_provider(*, service_name: str, otlp_endpoint: str | None) -> TracerProvider:
    global _provider
    with _lock:
        if _provider is not None:
            _warn_if_renamed(_provider, service_name)
            return _provider
        # Bus code injects and extracts with the global propagator; it must speak W3C whatever
        # OTEL_PROPAGATORS says, or traces break between a Kafka producer and its consumer.
        propagate.set_global_textmap(
            CompositePropagator([TraceContextTextMapPropagator(), W3CBaggagePropagator()])
        )
        current = trace.get_tracer_provider()
        if isinstance(current, TracerProvider):
            # Someone (opentelemetry-instrument, a test harness) already set one up: join it
            # rather than fight over the global, which the API allows to be set only once.
            _provider = current
            return current
        provider = TracerProvider(resource=Resource.create({SERVICE_NAME: service_name}))
        if otlp_endpoint:
            exporter = OTLPSpanExporter(endpoint=_traces_url(otlp_endpoint))
            provider.add_span_processor(BatchSpanProcessor(exporter))
        trace.set_tracer_provider(provider)
        _provider = provider
        return provider


def _warn_if_renamed(provider: TracerProvider, service_name: str) -> None:
    first = provider.resource.attributes.get(SERVICE_NAME)
    if first != service_name:
        log.info(
            "tracing already set up in this process as %r; spans of %r are reported under it "
            "(set otel_service_name to one name to silence this)",
            first,
            service_name,
        )


def _traces_url(endpoint: str) -> str:
    # The setting is the collector's base URL, as OTEL_EXPORTER_OTLP_ENDPOINT would be; the
    # exporter takes an explicit endpoint verbatim, so the signal path is ours to add.
    endpoint = endpoint.rstrip("/")
    return endpoint if endpoint.endswith("/v1/traces") else f"{endpoint}/v1/traces"


def install_memory_exporter() -> InMemorySpanExporter:
    """For tests: every span ended from now on also lands in the returned exporter.

    Returns the same exporter on every call (a provider cannot drop processors); call
    ``.clear()`` at the start of a test. Sets tracing up if nothing did yet.
    """
    global _memory_exporter
    provider = _ensure_provider(service_name="hausportal-test", otlp_endpoint=None)
    with _lock:
        if _memory_exporter is None:
            _memory_exporter = InMemorySpanExporter()
            provider.add_span_processor(SimpleSpanProcessor(_memory_exporter))
        return _memory_exporter


def instrument_app(app: FastAPI, *, service_name: str) -> None:
    """SERVER spans for every request of this app, except probes and /metrics. Idempotent."""
    if getattr(app, "_is_instrumented_by_opentelemetry", False):
        return

    def tag_service(span: Span, _scope: dict[str, object]) -> None:
        if span.is_recording():
            span.set_attribute(SERVICE_ATTRIBUTE, service_name)

    FastAPIInstrumentor.instrument_app(
        app, excluded_urls=EXCLUDED_URLS, server_request_hook=tag_service
    )


def instrument_engine(engine: AsyncEngine | Engine) -> None:
    """CLIENT spans for every SQL statement on this engine. Idempotent per engine."""
    sync_engine = engine.sync_engine if isinstance(engine, AsyncEngine) else engine
    global _sql_instruments
    with _lock:
        if sync_engine in _instrumented_engines:
            return
        _instrumented_engines.add(sync_engine)
        if _sql_instruments is None:
            _sql_instruments = _create_sql_instruments()
    tracer, connections_usage = _sql_instruments
    # EngineTracer per engine instead of SQLAlchemyInstrumentor().instrument(engine=...): the
    # instrumentor is a process-wide singleton that instruments only the first engine it is
    # given and patches create_engine globally, which would trace every later engine as well.
    EngineTracer(tracer, sync_engine, connections_usage)


def _create_sql_instruments() -> tuple[trace.Tracer, metrics.UpDownCounter]:
    from opentelemetry.instrumentation.sqlalchemy import __name__ as scope_name
    from opentelemetry.instrumentation.sqlalchemy.version import __version__

    tracer = trace.get_tracer(scope_name, __version__)
    connections_usage = metrics.get_meter(scope_name, __version__).create_up_down_counter(
        name="db.client.connections.usage",
        unit="connections",
        description="The number of connections that are currently in the state given by state.",
    )
    return tracer, connections_usage
