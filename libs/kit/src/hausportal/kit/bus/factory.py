"""Choose the bus adapter a service runs with, from its settings."""

from __future__ import annotations

from hausportal.kit.bus.kafka import KafkaBus, KafkaOptions
from hausportal.kit.bus.memory import MemoryBus
from hausportal.kit.bus.port import Bus
from hausportal.kit.settings import ServiceSettings


def create_bus(settings: ServiceSettings, *, client_id: str) -> Bus:
    """``memory``: the process-wide in-process broker; ``kafka``: the configured cluster."""
    if settings.bus == "memory":
        return MemoryBus(client_id=client_id)
    return KafkaBus(
        settings.kafka_bootstrap_servers,
        client_id=settings.kafka_client_id or client_id,
        options=KafkaOptions(
            partitions=settings.kafka_topic_partitions,
            replication_factor=settings.kafka_replication_factor,
            session_timeout_ms=settings.kafka_session_timeout_ms,
            heartbeat_interval_ms=settings.kafka_heartbeat_interval_ms,
        ),
    )
