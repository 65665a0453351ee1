"""The bus port: publish bytes to a topic, consume a topic as a consumer group, at least once."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Protocol


@dataclass(frozen=True)
class Message:
    topic: str
    value: bytes
    key: bytes | None = None
    headers: Mapping[str, bytes] = field(default_factory=dict)
    partition: int = 0
    offset: int = 0


Handler = Callable[[Message], Awaitable[None]]


class Bus(Protocol):
    """Both adapters (Kafka, in-process) keep the same promises:

    - ``publish`` returns only once the broker has the message (Kafka: acks=all);
    - messages with the same key keep their order;
    - a subscription is a consumer group; each message reaches one member of each group;
    - a message's offset is committed only after its handler returned; a handler that raises
      gets the same message again (after a pause) and nothing behind it is committed;
    - no idempotent or transactional producer is needed: duplicates are the consumer's inbox's job.
    """

    def subscribe(self, topics: Sequence[str], *, group: str, handler: Handler) -> None:
        """Register a consumer group's handler; call before ``start``."""

    async def start(self) -> None: ...

    async def stop(self) -> None: ...

    async def publish(
        self,
        topic: str,
        value: bytes,
        *,
        key: bytes | None = None,
        headers: Mapping[str, bytes] | None = None,
    ) -> None: ...

    async def ready(self) -> bool:
        """True while the broker is reachable (readiness probe)."""
        ...
