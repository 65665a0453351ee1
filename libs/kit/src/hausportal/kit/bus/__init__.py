"""The message bus: the port every service codes against, and its Kafka and in-process adapters.

bus = create_bus(settings, client_id="documents")
bus.subscribe(["portal.directory"], group="documents", handler=on_message)
await bus.start()
await bus.publish("documents.events", value, key=account_key, headers=trace_headers)
await bus.stop()
"""

from hausportal.kit.bus.factory import create_bus
from hausportal.kit.bus.kafka import KafkaBus, KafkaOptions
from hausportal.kit.bus.memory import MemoryBroker, MemoryBus, get_broker, reset_broker
from hausportal.kit.bus.port import Bus, Handler, Message

__all__ = [
    "Bus",
    "Handler",
    "KafkaBus",
    "KafkaOptions",
    "MemoryBroker",
    "MemoryBus",
    "Message",
    "create_bus",
    "get_broker",
    "reset_broker",
]
