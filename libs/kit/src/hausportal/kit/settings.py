"""Settings base of every service: one env prefix per service, fail fast on missing secrets."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Any, Literal, Self

from pydantic import Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

# Values that ship in examples and docs; a running system outside development must not use them.
PLACEHOLDER_SECRETS = frozenset({"changeme", "change-me", "secret", "dev-secret", "development"})


class Environment(StrEnum):
    development = "development"
    test = "test"
    production = "production"


class ServiceSettings(BaseSettings):
    """Plain settings of one service.

    Subclasses set ``model_config = service_config("DOCUMENTS_")``; every field is then read
    from ``DOCUMENTS_<FIELD>`` (nested: ``DOCUMENTS_S3__ENDPOINT``).
    """

    model_config = SettingsConfigDict(extra="ignore", env_nested_delimiter="__")

    environment: Environment = Environment.production
    # SQLAlchemy async URL: postgresql+asyncpg://... or sqlite+aiosqlite:///path.db
    database_url: str = Field(min_length=1)
    # The PostgreSQL schema the service owns; ignored on SQLite (one file per service there).
    database_schema: str | None = None
    migrate_on_startup: bool = False

    bus: Literal["memory", "kafka"] = "kafka"
    kafka_bootstrap_servers: str = "127.0.0.1:9092"
    kafka_client_id: str | None = None
    # Topic names default to the constants in hausportal.contracts.topics; override per env.
    topic_overrides: dict[str, str] = Field(default_factory=dict)
    # Topics the service creates if missing; a production cluster wants replication 3.
    kafka_topic_partitions: int = Field(default=3, ge=1)
    kafka_replication_factor: int = Field(default=1, ge=1)
    # A consumer that misses heartbeats this long leaves its group (its partitions move on).
    kafka_session_timeout_ms: int = Field(default=10_000, ge=1000)
    kafka_heartbeat_interval_ms: int = Field(default=3_000, ge=100)

    storage: Literal["local", "s3"] = "s3"
    storage_local_path: Path = Path(".data/objects")
    s3_endpoint: str = "127.0.0.1:9000"
    s3_secure: bool = False
    s3_region: str = "eu-central-1"
    s3_bucket: str = "hausportal"
    s3_access_key: SecretStr | None = None
    s3_secret_key: SecretStr | None = None

    # HS256 key shared by every service so a token issued by portal is accepted by all.
    jwt_secret: SecretStr
    jwt_issuer: str = "hausportal"
    # Short: a removed resident or deactivated staff member keeps a token this long at most
    # (the portal's refresh token, re-checked on every refresh, keeps people logged in).
    access_token_minutes: int = Field(default=15, ge=1, le=24 * 60)

    # Base URL under which this service is reachable from a browser (presigned local URLs).
    public_base_url: str = "http://127.0.0.1:8000"

    log_level: str = "INFO"
    log_json: bool = True
    otel_exporter_otlp_endpoint: str | None = None
    otel_service_name: str | None = None

    # Tests across processes only: the service's clock reads the time from this file
    # (hausportal.kit.clock.FileClock). Refused in production.
    clock_file: Path | None = None

    outbox_poll_interval_seconds: float = 0.5
    outbox_batch_size: int = 100

    @model_validator(mode="after")
    def _secrets_are_real(self) -> Self:
        if self.clock_file is not None and self.environment is Environment.production:
            raise ValueError("clock_file is for tests; production runs on the system clock")
        if self.environment is Environment.development:
            return self
        secrets: dict[str, SecretStr | None] = {"jwt_secret": self.jwt_secret}
        if self.storage == "s3":
            secrets |= {"s3_access_key": self.s3_access_key, "s3_secret_key": self.s3_secret_key}
        for name, value in secrets.items():
            if value is None or not value.get_secret_value():
                raise ValueError(f"{name} is required when storage/environment needs it")
            if value.get_secret_value().lower() in PLACEHOLDER_SECRETS:
                raise ValueError(f"{name} still has a placeholder value; set a real secret")
        if len(self.jwt_secret.get_secret_value()) < 32:
            raise ValueError("jwt_secret must be at least 32 characters")
        return self

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    def topic(self, name: str) -> str:
        return self.topic_overrides.get(name, name)


def service_config(env_prefix: str, **overrides: Any) -> SettingsConfigDict:
    return SettingsConfigDict(
        env_prefix=env_prefix, extra="ignore", env_nested_delimiter="__", **overrides
    )
