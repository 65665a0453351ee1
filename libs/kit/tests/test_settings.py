"""Settings fail fast: a service outside development refuses to start without real secrets."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from hausportal.kit.settings import ServiceSettings, service_config

REAL_SECRET = "k" * 40


class ExampleSettings(ServiceSettings):
    model_config = service_config("EXAMPLE_")


def test_settings_are_read_from_the_services_prefix(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EXAMPLE_DATABASE_URL", "postgresql+asyncpg://db/hausportal")
    monkeypatch.setenv("EXAMPLE_JWT_SECRET", REAL_SECRET)
    monkeypatch.setenv("EXAMPLE_STORAGE", "local")
    monkeypatch.setenv("EXAMPLE_TOPIC_OVERRIDES__portal.directory", "staging.portal.directory")
    monkeypatch.setenv("OTHER_DATABASE_URL", "sqlite+aiosqlite:///wrong.db")
    settings = ExampleSettings()
    assert settings.database_url == "postgresql+asyncpg://db/hausportal"
    assert settings.topic("portal.directory") == "staging.portal.directory"
    assert settings.topic("documents.events") == "documents.events"


def test_a_missing_jwt_secret_stops_the_service(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EXAMPLE_DATABASE_URL", "postgresql+asyncpg://db/hausportal")
    with pytest.raises(ValidationError, match="jwt_secret"):
        ExampleSettings()


@pytest.mark.parametrize("placeholder", ["changeme", "secret", "CHANGEME"])
def test_a_placeholder_secret_is_refused_in_production(placeholder: str) -> None:
    with pytest.raises(ValidationError, match="placeholder"):
        ExampleSettings(
            database_url="postgresql+asyncpg://db/x", jwt_secret=placeholder, storage="local"
        )


def test_s3_keys_are_required_when_storage_is_s3() -> None:
    with pytest.raises(ValidationError, match="s3_access_key"):
        ExampleSettings(database_url="postgresql+asyncpg://db/x", jwt_secret=REAL_SECRET)
    settings = ExampleSettings(
        database_url="postgresql+asyncpg://db/x",
        jwt_secret=REAL_SECRET,
        s3_access_key="hausportal",
        s3_secret_key="s" * 40,
    )
    assert settings.storage == "s3"


def test_development_accepts_short_secrets_for_a_local_start() -> None:
    settings = ExampleSettings(
        environment="development", database_url="sqlite+aiosqlite:///x.db", jwt_secret="dev"
    )
    assert settings.is_sqlite


def test_a_clock_file_is_refused_in_production(tmp_path) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError, match="clock_file"):
        ExampleSettings(
            database_url="postgresql+asyncpg://db/x",
            jwt_secret=REAL_SECRET,
            storage="local",
            clock_file=tmp_path / "now",
        )
    settings = ExampleSettings(
        environment="test",
        database_url="postgresql+asyncpg://db/x",
        jwt_secret=REAL_SECRET,
        storage="local",
        clock_file=tmp_path / "now",
    )
    assert settings.clock_file == tmp_path / "now"
