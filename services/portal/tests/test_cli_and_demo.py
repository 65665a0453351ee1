"""Getting a first account: `hausportal-portal create-account`, and the embedded demo seed."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from collections.abc import Callable
from contextlib import AbstractAsyncContextManager
from typing import TYPE_CHECKING

import pytest

from hausportal.kit.migrations import upgrade
from hausportal.portal.cli import main

if TYPE_CHECKING:
    from conftest import Portal

    from hausportal.portal.settings import PortalSettings

API = "/api/portal"
RunPortal = Callable[["PortalSettings"], AbstractAsyncContextManager["Portal"]]


def cli(
    *args: str, database_url: str, password_env: str | None = None
) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PORTAL_", "HAUSPORTAL_"))}
    env |= {
        "PORTAL_DATABASE_URL": database_url,
        "PORTAL_ENVIRONMENT": "development",
        "PORTAL_JWT_SECRET": "x" * 48,
        "PORTAL_LOG_JSON": "false",
    }
    if password_env is not None:
        env["HAUSPORTAL_ADMIN_PASSWORD"] = password_env
    return subprocess.run(
        [sys.executable, "-c", "from hausportal.portal.cli import main; main()", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


class TestCreateAccountCommand:
    async def test_creates_an_account_whose_admin_can_log_in(
        self, settings_for: Callable[..., PortalSettings], run_portal: RunPortal
    ) -> None:
        settings = settings_for()
        url = settings.database_url
        # `create-account` migrates nothing: the schema is there already (`migrate` is the kit's).
        await asyncio.to_thread(upgrade, package="hausportal.portal", database_url=url)
        created = cli(
            "create-account",
            "--name",
            "Hausverwaltung Nord",
            "--admin-email",
            "Chef@Nord.de",
            "--admin-name",
            "Karl Chef",
            database_url=url,
            password_env="nord-geheim-1",
        )
        assert created.returncode == 0, created.stderr
        account_id = created.stdout.strip().splitlines()[-1]

        missing = cli(
            "create-account",
            "--name",
            "X",
            "--admin-email",
            "x@x.de",
            "--admin-name",
            "X",
            database_url=url,
        )
        assert missing.returncode == 2
        assert "HAUSPORTAL_ADMIN_PASSWORD" in missing.stderr

        async with run_portal(settings) as portal:
            login = await portal.login("chef@nord.de", "nord-geheim-1")
            assert login.status_code == 200, login.text
            assert login.json()["account_id"] == account_id
            body = login.json()
            account = await portal.client.get(f"{API}/account", headers=portal.bearer(body))
            assert account.json()["slug"] == "hausverwaltung-nord"
            types = [e.type for e in await portal.events(account_id)]
            assert types == ["portal.account.upserted", "portal.staff.upserted"]

    def test_needs_a_password(
        self, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
    ) -> None:
        monkeypatch.delenv("HAUSPORTAL_ADMIN_PASSWORD", raising=False)
        args = ["create-account", "--name", "X", "--admin-email", "x@x.de", "--admin-name", "X"]
        with pytest.raises(SystemExit) as exit_:
            main(args)
        assert exit_.value.code == 2
        assert "HAUSPORTAL_ADMIN_PASSWORD" in capsys.readouterr().err


class TestDemoSeed:
    async def test_seeds_once_and_only_when_asked(
        self, settings_for: Callable[..., PortalSettings], run_portal: RunPortal
    ) -> None:
        async with run_portal(settings_for()) as portal:
            assert (await portal.login("admin@example.com", "hausportal-demo")).status_code == 401

        for _ in range(2):  # a restart must not seed a second time
            async with run_portal(settings_for(demo_seed=True)) as portal:
                await check_demo(portal)


async def check_demo(portal: Portal) -> None:
    login = await portal.login("admin@example.com", "hausportal-demo")
    assert login.status_code == 200, login.text
    headers = portal.bearer(login.json())
    account = (await portal.client.get(f"{API}/account", headers=headers)).json()
    assert account["name"] == "Hausverwaltung Muster GmbH"
    properties = (await portal.client.get(f"{API}/properties", headers=headers)).json()
    assert [p["name"] for p in properties["items"]] == ["Musterstraße 1"]
    units = (await portal.client.get(f"{API}/units", headers=headers)).json()
    assert units["total"] == 2
    contracts = (await portal.client.get(f"{API}/contracts", headers=headers)).json()
    assert sorted(c["role"] for c in contracts["items"]) == ["owner", "tenant"]
