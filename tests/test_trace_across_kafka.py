"""One trace from an HTTP request through the outbox and the real Kafka into another service.

Two services built the way every Hausportal service is (``create_service_app``) on the real
PostgreSQL and Kafka: the sender's endpoint writes an event to its outbox, its relay publishes
it, the receiver's consumer handles it. The handler runs in the trace the request started, its
span linked to the producer's, and both services count the message in /metrics.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack
from typing import Any

import httpx
import pytest
from asgi_lifespan import LifespanManager
from fastapi import APIRouter, FastAPI
from opentelemetry import trace
from opentelemetry.sdk.trace import ReadableSpan
from opentelemetry.trace import SpanKind, format_span_id, format_trace_id
from prometheus_client.parser import text_string_to_metric_families
from sqlalchemy import MetaData, text
from sqlalchemy.ext.asyncio import AsyncSession

from hausportal.contracts.envelope import Event
from hausportal.contracts.system import ProbePayload, ProbeSent
from hausportal.kit.app import ServiceDefinition, create_service_app
from hausportal.kit.db import SessionDep, create_engine, service_metadata
from hausportal.kit.messaging import EventConsumer, Outbox, messaging_tables
from hausportal.kit.settings import ServiceSettings
from hausportal.kit.telemetry import install_memory_exporter

ACCOUNT = uuid.UUID("7d0c6c84-5f0e-4b43-9a39-8a0a3f0d1c11")
TRACE_ID = 0x4BF92F3577B34DA6A3CE929D0E0E4736
PARENT_SPAN_ID = 0x00F067AA0BA902B7


def sender_service(schema: str) -> ServiceDefinition:
    metadata = service_metadata(schema)
    messaging = messaging_tables(metadata)
    outbox = Outbox(messaging)
    router = APIRouter()

    @router.post("/probe", status_code=202)
    async def send_probe(session: SessionDep) -> dict[str, str]:
        event = ProbeSent(account_id=ACCOUNT, payload=ProbePayload(service=schema, note="hi"))
        await outbox.add(session, event)
        return {"event_id": str(event.id)}

    return ServiceDefinition(
        name=schema, package="unused", metadata=metadata, messaging=messaging, routers=[router]
    )


def receiver_service(schema: str, seen: list[dict[str, Any]]) -> ServiceDefinition:
    metadata = service_metadata(schema)
    messaging = messaging_tables(metadata)
    consumer = EventConsumer(schema, messaging)

    @consumer.handler(ProbeSent)
    async def remember(session: AsyncSession, event: Event) -> None:
        context = trace.get_current_span().get_span_context()
        seen.append({"event_id": str(event.id), "trace_id": context.trace_id})

    return ServiceDefinition(
        name=schema, package="unused", metadata=metadata, messaging=messaging, consumer=consumer
    )


async def create_tables(url: str, metadata: MetaData) -> None:
    engine = create_engine(url, schema=metadata.schema or "")
    async with engine.begin() as connection:
        await connection.execute(text(f'CREATE SCHEMA IF NOT EXISTS "{metadata.schema}"'))
        await connection.run_sync(metadata.create_all)
    await engine.dispose()


def metric(body: str, name: str, **labels: str) -> float:
    for family in text_string_to_metric_families(body):
        for sample in family.samples:
            if sample.name == name and all(sample.labels.get(k) == v for k, v in labels.items()):
                return sample.value
    return 0.0


@pytest.fixture
async def running(
    postgres_database: str, real_settings: dict[str, Any]
) -> AsyncIterator[tuple[httpx.AsyncClient, httpx.AsyncClient, list[dict[str, Any]], str]]:
    suffix = uuid.uuid4().hex[:8]
    topic = f"system.probes-{suffix}"
    seen: list[dict[str, Any]] = []
    services = [sender_service(f"sender_{suffix}"), receiver_service(f"receiver_{suffix}", seen)]
    settings = real_settings | {
        "migrate_on_startup": False,
        "topic_overrides": {"system.probes": topic},
        # A fresh consumer group joins in about half the session timeout.
        "kafka_session_timeout_ms": 2000,
        "kafka_heartbeat_interval_ms": 200,
        "outbox_poll_interval_seconds": 0.1,
    }
    async with AsyncExitStack() as stack:
        clients = []
        for service in services:
            await create_tables(postgres_database, service.metadata)
            app: FastAPI = create_service_app(service, ServiceSettings(**settings))
            await stack.enter_async_context(LifespanManager(app, startup_timeout=60))
            transport = httpx.ASGITransport(app=app)
            clients.append(
                await stack.enter_async_context(
                    httpx.AsyncClient(transport=transport, base_url="http://svc")
                )
            )
        yield clients[0], clients[1], seen, services[1].name


async def test_a_trace_id_crosses_from_http_through_kafka_into_a_consumer(
    running: tuple[httpx.AsyncClient, httpx.AsyncClient, list[dict[str, Any]], str],
) -> None:
    sender, receiver, seen, receiver_name = running
    spans = install_memory_exporter()
    spans.clear()
    traceparent = f"00-{format_trace_id(TRACE_ID)}-{format_span_id(PARENT_SPAN_ID)}-01"
    sender_name = receiver_name.replace("receiver", "sender")

    response = await sender.post(f"/api/{sender_name}/probe", headers={"traceparent": traceparent})
    assert response.status_code == 202, response.text
    event_id = response.json()["event_id"]

    async with asyncio.timeout(30):
        while not seen:  # noqa: ASYNC110 - the handler runs in the app, polled like a user would
            await asyncio.sleep(0.05)
    assert seen == [{"event_id": event_id, "trace_id": TRACE_ID}]

    def finished(kind: SpanKind) -> list[ReadableSpan]:
        return [
            span
            for span in spans.get_finished_spans()
            if span.kind is kind and span.context.trace_id == TRACE_ID
        ]

    (publish,) = finished(SpanKind.PRODUCER)
    (process,) = finished(SpanKind.CONSUMER)
    assert [link.context.span_id for link in process.links] == [publish.parent.span_id]  # type: ignore[union-attr]
    server = [s for s in finished(SpanKind.SERVER) if s.name.startswith("POST")]
    assert server
    assert server[0].parent is not None
    assert server[0].parent.span_id == PARENT_SPAN_ID

    published = metric(
        (await sender.get("/metrics")).text,
        "hausportal_bus_messages_published_total",
        service=sender_name,
    )
    handled = metric(
        (await receiver.get("/metrics")).text,
        "hausportal_bus_messages_handled_total",
        service=receiver_name,
        outcome="processed",
    )
    assert (published, handled) == (1.0, 1.0)
