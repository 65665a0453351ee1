"""What an end-to-end scenario needs to talk to a running system over HTTP only."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import httpx
import pytest

# The stacks (tests/e2e/conftest.py) offer url(service), mails(), create_account(...) and
# set_time(...).
Stack = Any

WAIT = 30.0  # seconds for events to travel (outbox -> bus -> read models)


def eventually(check: Callable[[], Any], *, within: float = WAIT, what: str) -> Any:
    """Poll until ``check`` returns something truthy; fail naming ``what`` otherwise."""
    deadline = time.monotonic() + within
    while True:
        result = check()
        if result:
            return result
        if time.monotonic() > deadline:
            pytest.fail(f"not within {within:.0f} s: {what}")
        time.sleep(0.2)


@dataclass
class Api:
    stack: Stack
    token: str | None = None

    def _client(self, service: str) -> httpx.Client:
        headers = {"Authorization": f"Bearer {self.token}"} if self.token else {}
        return httpx.Client(base_url=self.stack.url(service), headers=headers, timeout=90)

    def call(self, method: str, service: str, path: str, **kwargs: Any) -> httpx.Response:
        with self._client(service) as client:
            return client.request(method, path, **kwargs)

    def ok(self, method: str, service: str, path: str, **kwargs: Any) -> Any:
        response = self.call(method, service, path, **kwargs)
        assert response.is_success, (
            f"{method} {service}{path}: {response.status_code} {response.text}"
        )
        return response.json() if response.content else None

    def as_(self, token: str) -> Api:
        return Api(self.stack, token)


def login(stack: Stack, email: str, password: str) -> Api:
    body = Api(stack).ok(
        "POST", "portal", "/auth/login", json={"email": email, "password": password}
    )
    return Api(stack, body["access_token"])


def upload(
    staff: Api, *, property_id: str, name: str, content: bytes, **form: Any
) -> dict[str, Any]:
    """Upload and publish one file; retried while documents has not yet heard of the property."""

    def attempt() -> dict[str, Any] | None:
        response = staff.call(
            "POST",
            "documents",
            "/documents",
            data={"property_id": property_id, **form},
            files=[("files", (name, content, "application/pdf"))],
        )
        if response.status_code == 404:
            return None
        assert response.status_code == 201, response.text
        (document,) = response.json()
        return document

    return eventually(attempt, what=f"documents knows property {property_id}")


def my_titles(contact: Api) -> set[str]:
    page = contact.ok("GET", "documents", "/my/documents")
    return {item["title"] for item in page["items"]}
