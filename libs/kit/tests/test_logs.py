"""Logging: one JSON line per record on stdout, carrying the service and the request's trace."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import SpanKind, format_span_id, format_trace_id

from hausportal.kit.logs import UVICORN_LOGGERS, configure_logging
from hausportal.kit.telemetry import install_memory_exporter, instrument_app

log = logging.getLogger("hausportal.documents.test")


@pytest.fixture(autouse=True)
def restore_logging() -> Iterator[None]:
    """configure_logging changes process-wide state; put it back for the tests after these."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    uvicorn = {
        name: (list(lg.handlers), lg.propagate, lg.level)
        for name in UVICORN_LOGGERS
        for lg in [logging.getLogger(name)]
    }
    yield
    root.handlers[:] = handlers
    root.setLevel(level)
    for name, (old_handlers, propagate, old_level) in uvicorn.items():
        lg = logging.getLogger(name)
        lg.handlers[:], lg.propagate = old_handlers, propagate
        lg.setLevel(old_level)


@pytest.fixture
def spans() -> InMemorySpanExporter:
    exporter = install_memory_exporter()
    exporter.clear()
    return exporter


def json_lines(output: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in output.splitlines() if line.strip()]


def the_line(output: str, message: str) -> dict[str, Any]:
    [line] = [entry for entry in json_lines(output) if entry["message"] == message]
    return line


class TestJsonLines:
    def test_record_becomes_one_json_line_with_the_agreed_fields(
        self, capsys: pytest.CaptureFixture[str]
    ) -> None:
        configure_logging(level="INFO", json=True, service_name="documents")
        log.info("document published", extra={"document_count": 3})
        line = the_line(capsys.readouterr().out, "document published")
        assert line["level"] == "INFO"
        assert line["logger"] == "hausportal.documents.test"
        assert line["service"] == "documents"
        assert line["document_count"] == 3
        assert line["timestamp"].endswith("+00:00")
        # Outside any span the ids are present but empty, so every line has the same shape.
        assert line["trace_id"] == ""
        assert line["span_id"] == ""

    def test_level_filters(self, capsys: pytest.CaptureFixture[str]) -> None:
        configure_logging(level="WARNING", json=True, service_name="documents")
        log.info("chatter")
        log.warning("disk almost full")
        messages = [entry["message"] for entry in json_lines(capsys.readouterr().out)]
        assert "chatter" not in messages
        assert "disk almost full" in messages

    def test_exception_carries_its_traceback(self, capsys: pytest.CaptureFixture[str]) -> None:
        configure_logging(level="INFO", json=True, service_name="documents")
        try:
            raise RuntimeError("PDF kaputt")
        except RuntimeError:
            log.exception("split failed")
        line = the_line(capsys.readouterr().out, "split failed")
        assert line["level"] == "ERROR"
        assert "Traceback" in line["exc_info"]
        assert "RuntimeError: PDF kaputt" in line["exc_info"]

    def test_configuring_again_does_not_duplicate_lines(
        self, capsys: pytest.CaptureFixture[str]
    ) -> None:
        configure_logging(level="INFO", json=True, service_name="portal")
        configure_logging(level="INFO", json=True, service_name="documents")
        log.info("once")
        [line] = [
            entry for entry in json_lines(capsys.readouterr().out) if entry["message"] == "once"
        ]
        assert line["service"] == "documents"

    def test_uvicorn_logs_come_out_the_same_way(self, capsys: pytest.CaptureFixture[str]) -> None:
        logging.getLogger("uvicorn.error").addHandler(logging.StreamHandler())
        logging.getLogger("uvicorn.error").propagate = False
        configure_logging(level="INFO", json=True, service_name="documents")
        logging.getLogger("uvicorn.error").info("Application startup complete.")
        line = the_line(capsys.readouterr().out, "Application startup complete.")
        assert line["logger"] == "uvicorn.error"
        assert line["service"] == "documents"


class TestTraceIds:
    async def test_line_logged_in_a_request_carries_that_requests_trace(
        self, capsys: pytest.CaptureFixture[str], spans: InMemorySpanExporter
    ) -> None:
        configure_logging(level="INFO", json=True, service_name="documents")
        app = FastAPI()

        @app.get("/api/documents/ping")
        async def ping() -> dict[str, str]:
            log.info("handling ping")
            return {"pong": "ok"}

        instrument_app(app, service_name="documents")
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            assert (await client.get("/api/documents/ping")).status_code == 200

        [server] = [s for s in spans.get_finished_spans() if s.kind is SpanKind.SERVER]
        line = the_line(capsys.readouterr().out, "handling ping")
        assert line["trace_id"] == format_trace_id(server.context.trace_id)
        assert len(line["trace_id"]) == 32
        assert len(line["span_id"]) == 16
        span_ids = {format_span_id(s.context.span_id) for s in spans.get_finished_spans()}
        assert line["span_id"] in span_ids


class TestPlainFormat:
    def test_dev_format_is_readable_text(self, capsys: pytest.CaptureFixture[str]) -> None:
        configure_logging(level="DEBUG", json=False, service_name="documents")
        log.debug("letter 3 of 12 assigned")
        [line] = [ln for ln in capsys.readouterr().out.splitlines() if "letter 3 of 12" in ln]
        assert "DEBUG" in line
        assert "documents" in line
        assert "hausportal.documents.test: letter 3 of 12 assigned" in line
        with pytest.raises(json.JSONDecodeError):
            json.loads(line)
