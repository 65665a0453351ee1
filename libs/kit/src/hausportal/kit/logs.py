"""Process logging: JSON lines on stdout with service and trace ids, or a readable dev format."""

from __future__ import annotations

import logging
import sys
from typing import TextIO

from opentelemetry import trace
from opentelemetry.trace import format_span_id, format_trace_id
from pythonjsonlogger.core import RESERVED_ATTRS
from pythonjsonlogger.json import JsonFormatter

# uvicorn installs its own handlers unless told otherwise; these are routed to ours instead.
UVICORN_LOGGERS = ("uvicorn", "uvicorn.error", "uvicorn.access")

_JSON_FIELDS = "%(levelname)s %(name)s %(message)s %(service)s %(trace_id)s %(span_id)s"
_PLAIN_FORMAT = "%(asctime)s %(levelname)-8s %(service)s %(name)s: %(message)s%(trace_suffix)s"


class TraceContextFilter(logging.Filter):
    """Stamps each record with the service and the ids of the span current when it was logged."""

    def __init__(self, service_name: str) -> None:
        super().__init__()
        self.service_name = service_name

    def filter(self, record: logging.LogRecord) -> bool:
        # A caller's extra={"service": ...} is kept: it knows better than the process default.
        if not hasattr(record, "service"):
            record.service = self.service_name
        context = trace.get_current_span().get_span_context()
        if context.is_valid:
            record.trace_id = format_trace_id(context.trace_id)
            record.span_id = format_span_id(context.span_id)
            record.trace_suffix = f" [trace {record.trace_id}]"
        else:
            record.trace_id = record.span_id = record.trace_suffix = ""
        return True


class _StdoutHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """Writes to whatever ``sys.stdout`` is at the time, so redirection and test capture work."""

    def __init__(self) -> None:
        super().__init__(sys.stdout)

    @property  # type: ignore[override]
    def stream(self) -> TextIO:
        return sys.stdout

    @stream.setter
    def stream(self, _value: TextIO) -> None:
        pass


def configure_logging(*, level: str | int, json: bool, service_name: str) -> None:
    """Route every log record, uvicorn's included, to one stdout handler.

    Idempotent: a later call replaces the handler of an earlier one (never a second line per
    record), and the latest call's level, format and service name apply.
    """
    handler = _StdoutHandler()
    handler.set_name("hausportal")
    handler.addFilter(TraceContextFilter(service_name))
    handler.setFormatter(_json_formatter() if json else logging.Formatter(_PLAIN_FORMAT))

    root = logging.getLogger()
    for old in [h for h in root.handlers if h.get_name() == "hausportal"]:
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level.upper() if isinstance(level, str) else level)

    for name in UVICORN_LOGGERS:
        uvicorn_logger = logging.getLogger(name)
        uvicorn_logger.handlers.clear()
        uvicorn_logger.propagate = True
        uvicorn_logger.setLevel(logging.NOTSET)


def _json_formatter() -> JsonFormatter:
    return JsonFormatter(
        _JSON_FIELDS,
        rename_fields={"levelname": "level", "name": "logger"},
        timestamp=True,  # ISO 8601 in UTC, from the record's creation time
        # trace_suffix only serves the plain format; color_message is uvicorn's ANSI copy.
        reserved_attrs=[*RESERVED_ATTRS, "trace_suffix", "color_message"],
        # German names and addresses stay readable in the log viewer.
        json_ensure_ascii=False,
    )
