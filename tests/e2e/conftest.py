"""Whole systems for end-to-end tests, driven over HTTP only: five service processes on the
real PostgreSQL, Kafka, S3 and SMTP, or the embedded one-process mode (`make dev`)."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import httpx
import pytest

from hausportal.contracts.topics import ALL_TOPICS
from hausportal.kit import testing
from hausportal.kit.clock import FileClock

SERVICES = ("portal", "documents", "smartpost", "tasks", "notify")
BIN = Path(sys.executable).parent
START_TIMEOUT = 90.0


@dataclass(frozen=True)
class Mail:
    recipients: tuple[str, ...]
    subject: str
    text: str
    html: str
    attachments: tuple[str, ...]


class Stack(Protocol):
    """What a scenario needs of a running system."""

    def url(self, service: str) -> str:
        """Base URL of a service's API, e.g. http://127.0.0.1:8000/api/documents"""
        ...

    def mails(self) -> list[Mail]:
        """Every e-mail the SMTP server received (other tests' mails included)."""
        ...

    def create_account(self, *, name: str, admin_email: str, admin_password: str) -> str:
        """The operator's `hausportal-portal create-account`; returns the account id."""
        ...

    @property
    def clock(self) -> FileClock:
        """Every service of the stack reads the time from this clock's file."""
        ...


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_until_ready(url: str, process: subprocess.Popen[str], log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"{url} exited with {process.returncode}:\n{log.read_text()[-4000:]}")
        try:
            if httpx.get(url, timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    pytest.fail(f"{url} not ready within {START_TIMEOUT:.0f} s:\n{log.read_text()[-4000:]}")


def _stop(processes: list[subprocess.Popen[str]]) -> None:
    for process in processes:
        process.terminate()
    for process in processes:
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()


def _run_cli(env: dict[str, str], *args: str) -> str:
    result = subprocess.run(
        [str(BIN / "hausportal-portal"), *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, f"create-account failed:\n{result.stdout}\n{result.stderr}"
    return _account_id(result.stdout)


def _account_id(output: str) -> str:
    for word in output.replace(":", " ").split():
        try:
            return str(uuid.UUID(word))
        except ValueError:
            continue
    raise AssertionError(f"create-account printed no account id: {output!r}")


def _base_env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if not k.startswith("HP_")}


@dataclass
class EmbeddedStack:
    base: str
    data_dir: Path
    clock: FileClock

    def url(self, service: str) -> str:
        return f"{self.base}/api/{service}"

    def mails(self) -> list[Mail]:
        return [
            Mail(
                recipients=tuple(m["recipients"]),
                subject=m["subject"],
                text=m["text"],
                html=m["html"] or "",
                attachments=tuple(m["attachments"]),
            )
            for m in httpx.get(f"{self.base}/mail/api").json()
        ]

    def create_account(self, *, name: str, admin_email: str, admin_password: str) -> str:
        env = _base_env() | {
            "PORTAL_ENVIRONMENT": "development",
            "PORTAL_DATABASE_URL": f"sqlite+aiosqlite:///{self.data_dir / 'db' / 'portal.db'}",
            "PORTAL_JWT_SECRET": "unused-by-the-cli-" + "x" * 32,
            "PORTAL_BUS": "memory",
            "PORTAL_STORAGE": "local",
        }
        return _run_cli(
            env,
            "create-account",
            "--name",
            name,
            "--admin-email",
            admin_email,
            "--admin-name",
            "Verwalterin",
            "--admin-password",
            admin_password,
        )


@pytest.fixture(scope="module")
def embedded_stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmbeddedStack]:
    """`python -m hausportal.embedded` as `make dev` starts it, on an empty data directory."""
    data_dir = tmp_path_factory.mktemp("embedded")
    clock = FileClock(data_dir / "now")
    port = _free_port()
    log = data_dir / "embedded.log"
    with log.open("w") as out:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "hausportal.embedded",
                "--port",
                str(port),
                "--data-dir",
                data_dir,
            ],
            env=_base_env() | {"HAUSPORTAL_CLOCK_FILE": str(clock.path)},
            stdout=out,
            stderr=subprocess.STDOUT,
            text=True,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_ready(f"{base}/api/notify/readyz", process, log)
        yield EmbeddedStack(base=base, data_dir=data_dir, clock=clock)
    finally:
        _stop([process])


@dataclass
class ProcessStack:
    ports: dict[str, int]
    portal_env: dict[str, str]
    smtp: testing.SmtpServer
    clock: FileClock
    logs: dict[str, Path] = field(default_factory=dict)

    def url(self, service: str) -> str:
        return f"http://127.0.0.1:{self.ports[service]}/api/{service}"

    def mails(self) -> list[Mail]:
        found = httpx.get(f"{self.smtp.api_url}/email").json()
        return [
            Mail(
                recipients=tuple(a["address"] for a in m.get("to", [])),
                subject=m.get("subject", ""),
                text=m.get("text", "") or "",
                html=m.get("html", "") or "",
                attachments=tuple(a.get("fileName", "") for a in m.get("attachments") or []),
            )
            for m in found
        ]

    def create_account(self, *, name: str, admin_email: str, admin_password: str) -> str:
        return _run_cli(
            self.portal_env,
            "create-account",
            "--name",
            name,
            "--admin-email",
            admin_email,
            "--admin-name",
            "Verwalterin",
            "--admin-password",
            admin_password,
        )


def _service_env(
    service: str, common: dict[str, Any], extra: dict[str, Any] | None = None
) -> dict[str, str]:
    prefix = f"{service.upper()}_"
    values = common | (extra or {})
    return _base_env() | {
        prefix + name.upper(): value if isinstance(value, str) else json.dumps(value)
        for name, value in values.items()
    }


@pytest.fixture
def process_stack(postgres_database: str, tmp_path: Path) -> Iterator[ProcessStack]:
    """The five services as separate processes (`hausportal-<service> serve`), each with its own
    schema, talking over the real Kafka broker and sharing one real S3 bucket."""
    s3, smtp = testing.s3_server(), testing.smtp_server()
    run = uuid.uuid4().hex[:8]
    ports = {service: _free_port() for service in SERVICES}
    clock = FileClock(tmp_path / "now")
    common: dict[str, Any] = {
        "clock_file": str(clock.path),
        "environment": "test",
        "database_url": postgres_database,
        "migrate_on_startup": "true",
        "bus": "kafka",
        "kafka_bootstrap_servers": testing.kafka_bootstrap(),
        # This run's own topics: no other test's events, no offsets to catch up on.
        "topic_overrides": {topic.name: f"e2e-{run}.{topic.name}" for topic in ALL_TOPICS},
        "kafka_topic_partitions": "1",
        "kafka_session_timeout_ms": "2000",
        "kafka_heartbeat_interval_ms": "200",
        "storage": "s3",
        "s3_endpoint": s3.endpoint,
        "s3_access_key": s3.access_key,
        "s3_secret_key": s3.secret_key,
        "s3_bucket": f"hp-e2e-{run}",
        "jwt_secret": "e2e-" + uuid.uuid4().hex + uuid.uuid4().hex,
        "outbox_poll_interval_seconds": "0.2",
        "log_json": "true",
    }
    extras: dict[str, dict[str, Any]] = {
        "smartpost": {
            "work_dir": str(tmp_path / "smartpost-work"),
            "split_poll_interval_seconds": "0.2",
        },
        "notify": {
            "smtp_host": smtp.host,
            "smtp_port": str(smtp.port),
            "notify_settle_seconds": "1",
            "notify_poll_interval_seconds": "0.2",
        },
    }
    processes: list[subprocess.Popen[str]] = []
    stack = ProcessStack(
        ports=ports,
        portal_env=_service_env("portal", common),
        smtp=smtp,
        clock=clock,
    )
    try:
        for service in SERVICES:
            env = _service_env(
                service,
                common | {"public_base_url": f"http://127.0.0.1:{ports[service]}"},
                extras.get(service),
            )
            log = tmp_path / f"{service}.log"
            stack.logs[service] = log
            with log.open("w") as out:
                processes.append(
                    subprocess.Popen(
                        [
                            str(BIN / f"hausportal-{service}"),
                            "serve",
                            "--port",
                            str(ports[service]),
                        ],
                        env=env,
                        stdout=out,
                        stderr=subprocess.STDOUT,
                        text=True,
                    )
                )
        for service, process in zip(SERVICES, processes, strict=True):
            _wait_until_ready(f"{stack.url(service)}/readyz", process, stack.logs[service])
        yield stack
    finally:
        _stop(processes)
