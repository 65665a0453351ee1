"""Choose the bus adapter a service runs with, from its settings."""

from __future__ import annotations

from hausportal.kit.bus.kafka import KafkaBus, KafkaOptions
from hausportal.kit.bus.memory import MemoryBus
from hausportal.kit.bus.port import Bus
from hausportal.kit.settings import ServiceSettings

# Tuning fields a service's settings may carry (not all of them are on ServiceSettings yet);
# absent ones keep the KafkaOptions defaults.
_KAFKA_OPTION_FIELDS = {
    "kafka_topic_partitions": "partitions",
    "kafka_replication_factor": "replication_factor",
    "kafka_session_timeout_ms": "session_timeout_ms",
    "kafka_heartbeat_interval_ms": "heartbeat_interval_ms",
}


def create_bus(settings: ServiceSettings, *, client_id: str) -> Bus:
    """``memory``: the process-wide in-process broker; ``kafka``: the configured cluster."""
    if settings.bus == "memory":
        return MemoryBus(client_id=client_id)
    options = {
        option: getattr(settings, name)
        for name, option in _KAFKA_OPTION_FIELDS.items()
        if getattr(settings, name, None) is not None
    }
    return KafkaBus(
        settings.kafka_bootstrap_servers,
        client_id=settings.kafka_client_id or client_id,
        options=KafkaOptions(**options),
    )
