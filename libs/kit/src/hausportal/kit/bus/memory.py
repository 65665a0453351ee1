"""In-process bus: the Kafka promises (partitions, groups, committed offsets) inside one process.

All ``MemoryBus`` instances naming the same broker share its topics, so the five services of
the embedded one-process mode talk to each other exactly as they would through Kafka. The
broker lives in one event loop; it is not meant to be shared between threads.
"""

from __future__ import annotations

import asyncio
import itertools
import logging
import zlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from hausportal.kit.bus.port import Handler, Message

log = logging.getLogger(__name__)

DEFAULT_BROKER = "default"


@dataclass(eq=False)
class _Member:
    """One subscription of one bus instance: a member of a consumer group."""

    group: str
    topics: tuple[str, ...]
    handler: Handler
    joined: int
    wakeup: asyncio.Event = field(default_factory=asyncio.Event)


class MemoryBroker:
    """Per topic an append-only log split into partitions; committed offsets per group."""

    def __init__(self, *, partitions: int = 3) -> None:
        self.partitions = partitions
        self._logs: dict[str, list[list[Message]]] = {}
        self._committed: dict[tuple[str, str, int], int] = {}
        self._members: dict[str, list[_Member]] = {}
        self._join_order = itertools.count()
        self._round_robin = itertools.count()

    def _log(self, topic: str) -> list[list[Message]]:
        if topic not in self._logs:
            self._logs[topic] = [[] for _ in range(self.partitions)]
        return self._logs[topic]

    def _partition_for(self, key: bytes | None) -> int:
        # crc32 rather than hash(): stable across processes and PYTHONHASHSEED.
        if key is None:
            return next(self._round_robin) % self.partitions
        return zlib.crc32(key) % self.partitions

    def append(
        self, topic: str, value: bytes, key: bytes | None, headers: Mapping[str, bytes]
    ) -> Message:
        partitions = self._log(topic)
        partition = self._partition_for(key)
        message = Message(
            topic=topic,
            value=value,
            key=key,
            headers=dict(headers),
            partition=partition,
            offset=len(partitions[partition]),
        )
        partitions[partition].append(message)
        for members in self._members.values():
            for member in members:
                if topic in member.topics:
                    member.wakeup.set()
        return message

    def messages(self, topic: str) -> list[Message]:
        """Everything ever published to a topic, partition by partition (for tests)."""
        return [message for partition in self._log(topic) for message in partition]

    def join(self, group: str, topics: Sequence[str], handler: Handler) -> _Member:
        for topic in topics:
            self._log(topic)
        member = _Member(group, tuple(topics), handler, next(self._join_order))
        self._members.setdefault(group, []).append(member)
        self._rebalance(group)
        return member

    def leave(self, member: _Member) -> None:
        members = self._members.get(member.group, [])
        if member in members:
            members.remove(member)
            self._rebalance(member.group)

    def _rebalance(self, group: str) -> None:
        for member in self._members.get(group, []):
            member.wakeup.set()

    def assignment(self, member: _Member) -> list[tuple[str, int]]:
        """The (topic, partition) pairs this member consumes: round robin over the members."""
        assigned = []
        for topic in member.topics:
            peers = [m for m in self._members.get(member.group, []) if topic in m.topics]
            if member not in peers:
                continue
            index = peers.index(member)
            assigned += [(topic, p) for p in range(self.partitions) if p % len(peers) == index]
        return assigned

    def owns(self, member: _Member, topic: str, partition: int) -> bool:
        return (topic, partition) in self.assignment(member)

    def next_message(self, member: _Member, topic: str, partition: int) -> Message | None:
        log_ = self._log(topic)[partition]
        offset = self._committed.get((member.group, topic, partition), 0)
        return log_[offset] if offset < len(log_) else None

    def commit(self, group: str, topic: str, partition: int, offset: int) -> None:
        self._committed[(group, topic, partition)] = offset


_BROKERS: dict[str, MemoryBroker] = {}


def get_broker(name: str = DEFAULT_BROKER) -> MemoryBroker:
    """The process-wide broker of that name, created on first use."""
    if name not in _BROKERS:
        _BROKERS[name] = MemoryBroker()
    return _BROKERS[name]


def reset_broker(name: str = DEFAULT_BROKER) -> MemoryBroker:
    """Forget a named broker's topics and offsets (tests); returns the fresh one."""
    _BROKERS[name] = MemoryBroker()
    return _BROKERS[name]


class MemoryBus:
    """The in-process ``Bus``. ``MemoryBus(broker=MemoryBroker())`` is isolated (tests)."""

    def __init__(
        self,
        *,
        client_id: str = "hausportal",
        broker: MemoryBroker | str = DEFAULT_BROKER,
        retry_backoff: float = 0.5,
        max_retry_backoff: float = 30.0,
        stop_grace: float = 5.0,
    ) -> None:
        self.client_id = client_id
        self.broker = get_broker(broker) if isinstance(broker, str) else broker
        self._retry_backoff = retry_backoff
        self._max_retry_backoff = max_retry_backoff
        self._stop_grace = stop_grace
        self._subscriptions: list[tuple[tuple[str, ...], str, Handler]] = []
        self._workers: list[_Worker] = []
        self._started = False

    def subscribe(self, topics: Sequence[str], *, group: str, handler: Handler) -> None:
        if self._started:
            raise RuntimeError("subscribe before start()")
        self._subscriptions.append((tuple(topics), group, handler))

    async def start(self) -> None:
        if self._started:
            return
        self._started = True
        for topics, group, handler in self._subscriptions:
            member = self.broker.join(group, topics, handler)
            worker = _Worker(self, member)
            worker.task = asyncio.create_task(worker.run(), name=f"memory-bus:{group}")
            self._workers.append(worker)

    async def stop(self) -> None:
        workers, self._workers = self._workers, []
        await asyncio.gather(*(worker.stop(self._stop_grace) for worker in workers))
        self._started = False

    async def publish(
        self,
        topic: str,
        value: bytes,
        *,
        key: bytes | None = None,
        headers: Mapping[str, bytes] | None = None,
    ) -> None:
        if not self._started:
            # Same rule as Kafka, whose producer only exists after start().
            raise RuntimeError("publish before start()")
        self.broker.append(topic, value, key, headers or {})

    async def ready(self) -> bool:
        return self._started

    def backoff(self, failures: int) -> float:
        return min(self._max_retry_backoff, self._retry_backoff * 2 ** (failures - 1))


class _Worker:
    """Delivers one member's partitions, one message per partition per round, in order."""

    def __init__(self, bus: MemoryBus, member: _Member) -> None:
        self.bus = bus
        self.member = member
        self.task: asyncio.Task[None] | None = None
        self.busy = False
        self.stopping = False

    async def run(self) -> None:
        broker, member = self.bus.broker, self.member
        while not self.stopping:
            # Cleared before scanning: a publish during a handler sets it again, so no wakeup
            # is lost between the scan and the wait.
            member.wakeup.clear()
            delivered = False
            for topic, partition in broker.assignment(member):
                message = broker.next_message(member, topic, partition)
                if message is None:
                    continue
                if await self._handle(message) and broker.owns(member, topic, partition):
                    broker.commit(member.group, topic, partition, message.offset + 1)
                delivered = True
                if self.stopping:
                    return
            if not delivered:
                await member.wakeup.wait()

    async def _handle(self, message: Message) -> bool:
        """Run the handler until it succeeds; False if the partition moved to another member."""
        failures = 0
        while True:
            self.busy = True
            try:
                await self.member.handler(message)
                return True
            except Exception:
                failures += 1
                log.exception(
                    "handler of group %s failed on %s[%d]@%d (attempt %d); retrying",
                    self.member.group,
                    message.topic,
                    message.partition,
                    message.offset,
                    failures,
                )
            finally:
                self.busy = False
            await asyncio.sleep(self.bus.backoff(failures))
            owner = self.bus.broker.owns(self.member, message.topic, message.partition)
            if self.stopping or not owner:
                return False

    async def stop(self, grace: float) -> None:
        self.stopping = True
        if self.task is not None:
            if self.busy:
                # Let the in-flight handler finish and commit so it is not delivered twice.
                await asyncio.wait({self.task}, timeout=grace)
            self.task.cancel()
            await asyncio.gather(self.task, return_exceptions=True)
        # Leave only now: leaving first would hand the in-flight partition to another member.
        self.bus.broker.leave(self.member)
