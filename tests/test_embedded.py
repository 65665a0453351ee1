"""The embedded default (`make dev`): all five services in one process, started from nothing."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families

SERVICES = ["portal", "documents", "smartpost", "tasks", "notify"]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def embedded(tmp_path_factory: pytest.TempPathFactory) -> str:
    """`python -m hausportal.embedded` as `make dev` runs it, on an empty data directory."""
    data_dir: Path = tmp_path_factory.mktemp("embedded-data")
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("HP_")}
    process = subprocess.Popen(
        [sys.executable, "-m", "hausportal.embedded", "--port", str(port), "--data-dir", data_dir],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if process.poll() is not None:
                pytest.fail(
                    f"embedded mode exited:\n{process.stdout.read() if process.stdout else ''}"
                )
            try:
                if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.2)
        else:
            pytest.fail("embedded mode did not answer within 60 s")
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()


@pytest.mark.parametrize("service", SERVICES)
def test_every_service_is_alive_and_ready_under_its_prefix(embedded: str, service: str) -> None:
    health = httpx.get(f"{embedded}/api/{service}/healthz")
    assert health.status_code == 200
    assert health.json() == {"status": "ok", "service": service}
    ready = httpx.get(f"{embedded}/api/{service}/readyz")
    assert ready.status_code == 200, ready.text
    assert ready.json()["checks"] == {"database": True, "bus": True, "storage": True}


def test_the_start_page_links_every_service(embedded: str) -> None:
    page = httpx.get(f"{embedded}/").text
    for service in SERVICES:
        assert f"/api/{service}/docs" in page


def test_each_service_publishes_its_own_openapi(embedded: str) -> None:
    for service in SERVICES:
        spec = httpx.get(f"{embedded}/api/{service}/openapi.json")
        assert spec.status_code == 200
        assert spec.json()["info"]["title"] == f"Hausportal {service}"


def test_unknown_paths_are_404_not_500(embedded: str) -> None:
    assert httpx.get(f"{embedded}/api/nothing-here").status_code == 404
    assert httpx.get(f"{embedded}/api/documents/nothing-here").status_code == 404


def test_metrics_of_every_service_are_on_one_endpoint(embedded: str) -> None:
    for service in SERVICES:
        assert httpx.get(f"{embedded}/api/{service}/no-such-page").status_code == 404
    body = httpx.get(f"{embedded}/metrics").text
    counted = {
        sample.labels["service"]
        for family in text_string_to_metric_families(body)
        for sample in family.samples
        if sample.name == "hausportal_http_requests_total"
        and sample.labels["status"] == "404"
        and sample.value >= 1
    }
    assert counted == set(SERVICES)


def test_the_demo_account_is_there_on_a_fresh_data_directory(embedded: str) -> None:
    login = httpx.post(
        f"{embedded}/api/portal/auth/login",
        json={"email": "admin@example.com", "password": "hausportal-demo"},
    )
    assert login.status_code == 200, login.text
    headers = {"Authorization": f"Bearer {login.json()['access_token']}"}
    properties = httpx.get(f"{embedded}/api/portal/properties", headers=headers).json()
    assert [p["name"] for p in properties["items"]] == ["Musterstraße 1"]
    assert httpx.get(f"{embedded}/mail/api").json() == []
