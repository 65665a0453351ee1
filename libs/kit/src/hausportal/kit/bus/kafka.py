"""Kafka bus on aiokafka: acks=all producer, one manually committing consumer per subscription."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, ConsumerRecord, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.errors import KafkaError

from hausportal.kit.bus.port import Handler, Message

log = logging.getLogger(__name__)

# CreateTopics error codes that mean "it is there": none, and TOPIC_ALREADY_EXISTS (another
# service created it first).
_TOPIC_OK = {0, 36}


@dataclass(frozen=True)
class KafkaOptions:
    """Tuning of the Kafka adapter; the defaults suit production, tests shorten the timeouts."""

    partitions: int = 3
    replication_factor: int = 1
    # Group joins take about session_timeout/2 on a fresh group; tests use 2000/200.
    session_timeout_ms: int = 10_000
    heartbeat_interval_ms: int = 3_000
    linger_ms: int = 2
    request_timeout_ms: int = 30_000
    max_poll_records: int = 100
    poll_timeout_ms: int = 500
    # How long the broker may hold a fetch open waiting for data: the idle delivery latency.
    fetch_max_wait_ms: int = 500
    retry_backoff: float = 0.5
    max_retry_backoff: float = 30.0
    # How long stop() lets an in-flight handler finish before cancelling it.
    stop_grace: float = 5.0
    ready_timeout: float = 3.0


@dataclass(eq=False)
class _Subscription:
    topics: tuple[str, ...]
    group: str
    handler: Handler
    consumer: AIOKafkaConsumer | None = None
    task: asyncio.Task[None] | None = None
    busy: bool = False
    stopping: bool = False
    # Partitions waiting out a backoff after a failed handler: monotonic time to resume.
    paused_until: dict[TopicPartition, float] = field(default_factory=dict)
    # Consecutive failures of the message at (partition, offset), for the backoff.
    failures: dict[TopicPartition, tuple[int, int]] = field(default_factory=dict)


class KafkaBus:
    """The Kafka ``Bus``. Topics are created (if missing) at start and on first publish."""

    def __init__(
        self,
        bootstrap_servers: str,
        *,
        client_id: str,
        options: KafkaOptions | None = None,
        topics: Sequence[str] = (),
    ) -> None:
        self.bootstrap_servers = bootstrap_servers
        self.client_id = client_id
        self.options = options or KafkaOptions()
        self._extra_topics = tuple(topics)
        self._subscriptions: list[_Subscription] = []
        self._known_topics: set[str] = set()
        self._topic_lock = asyncio.Lock()
        self._admin: AIOKafkaAdminClient | None = None
        self._producer: AIOKafkaProducer | None = None
        self._started = False

    def subscribe(self, topics: Sequence[str], *, group: str, handler: Handler) -> None:
        if self._started:
            raise RuntimeError("subscribe before start()")
        self._subscriptions.append(_Subscription(tuple(topics), group, handler))

    async def start(self) -> None:
        if self._started:
            return
        self._started = True
        opts = self.options
        try:
            self._admin = AIOKafkaAdminClient(
                bootstrap_servers=self.bootstrap_servers,
                client_id=f"{self.client_id}-admin",
                request_timeout_ms=opts.request_timeout_ms,
            )
            await self._admin.start()
            wanted = {t for sub in self._subscriptions for t in sub.topics}
            await self.ensure_topics([*self._extra_topics, *sorted(wanted)])
            self._producer = AIOKafkaProducer(
                bootstrap_servers=self.bootstrap_servers,
                client_id=self.client_id,
                acks="all",
                # Brokers such as Tansu reject InitProducerId; the inbox handles duplicates.
                enable_idempotence=False,
                linger_ms=opts.linger_ms,
                request_timeout_ms=opts.request_timeout_ms,
            )
            await self._producer.start()
            for sub in self._subscriptions:
                await self._start_consumer(sub)
        except BaseException:
            await self.stop()
            raise

    async def _start_consumer(self, sub: _Subscription) -> None:
        opts = self.options
        sub.stopping = False
        sub.consumer = AIOKafkaConsumer(
            *sub.topics,
            bootstrap_servers=self.bootstrap_servers,
            client_id=self.client_id,
            group_id=sub.group,
            enable_auto_commit=False,
            auto_offset_reset="earliest",
            session_timeout_ms=opts.session_timeout_ms,
            heartbeat_interval_ms=opts.heartbeat_interval_ms,
            max_poll_records=opts.max_poll_records,
            fetch_max_wait_ms=opts.fetch_max_wait_ms,
            request_timeout_ms=opts.request_timeout_ms,
        )
        await sub.consumer.start()
        sub.task = asyncio.create_task(self._consume(sub), name=f"kafka-bus:{sub.group}")

    async def stop(self) -> None:
        await asyncio.gather(*(self._stop_subscription(sub) for sub in self._subscriptions))
        if self._producer is not None:
            await self._producer.stop()
            self._producer = None
        if self._admin is not None:
            await self._admin.close()
            self._admin = None
        self._started = False

    async def _stop_subscription(self, sub: _Subscription) -> None:
        sub.stopping = True
        if sub.task is not None:
            if sub.busy:
                # Let the in-flight handler finish and commit so it is not delivered twice.
                await asyncio.wait({sub.task}, timeout=self.options.stop_grace)
            sub.task.cancel()
            await asyncio.gather(sub.task, return_exceptions=True)
            sub.task = None
        if sub.consumer is not None:
            # stop() leaves the group, so the other members take over without waiting for
            # the session timeout.
            await sub.consumer.stop()
            sub.consumer = None
        sub.paused_until.clear()
        sub.failures.clear()

    async def publish(
        self,
        topic: str,
        value: bytes,
        *,
        key: bytes | None = None,
        headers: Mapping[str, bytes] | None = None,
    ) -> None:
        if self._producer is None:
            raise RuntimeError("publish before start()")
        if topic not in self._known_topics:
            await self.ensure_topics([topic])
        await self._producer.send_and_wait(
            topic, value, key=key, headers=list((headers or {}).items())
        )

    async def ready(self) -> bool:
        if self._producer is None:
            return False
        try:
            metadata = await asyncio.wait_for(
                self._producer.client.fetch_all_metadata(), self.options.ready_timeout
            )
        except (TimeoutError, KafkaError, OSError):
            return False
        return bool(metadata.brokers())

    async def ensure_topics(self, topics: Sequence[str]) -> None:
        """Create the topics that do not exist yet (partitions and replication from options)."""
        if self._admin is None:
            raise RuntimeError("ensure_topics before start()")
        async with self._topic_lock:
            missing = [t for t in dict.fromkeys(topics) if t not in self._known_topics]
            if not missing:
                return
            existing = set(await self._admin.list_topics())
            to_create = [t for t in missing if t not in existing]
            if to_create:
                response = await self._admin.create_topics(
                    [
                        NewTopic(t, self.options.partitions, self.options.replication_factor)
                        for t in to_create
                    ]
                )
                for topic, code, *rest in response.topic_errors:
                    if code not in _TOPIC_OK:
                        raise KafkaError(f"cannot create topic {topic}: {code} {rest}")
            self._known_topics.update(missing)

    async def _consume(self, sub: _Subscription) -> None:
        consumer = sub.consumer
        assert consumer is not None
        while not sub.stopping:
            timeout_ms = self._resume_due(sub)
            try:
                batches = await consumer.getmany(timeout_ms=timeout_ms)
            except KafkaError:
                # aiokafka retries most broker trouble itself; whatever escapes must not end
                # the subscription for good.
                log.exception("polling %s for group %s failed; retrying", sub.topics, sub.group)
                await asyncio.sleep(self.options.retry_backoff)
                continue
            for tp, records in batches.items():
                for record in records:
                    if sub.stopping or not await self._handle_record(sub, tp, record):
                        break

    async def _handle_record(
        self, sub: _Subscription, tp: TopicPartition, record: ConsumerRecord
    ) -> bool:
        """Handle one record and commit past it; False stops this partition's batch."""
        consumer = sub.consumer
        assert consumer is not None
        message = Message(
            topic=record.topic,
            value=record.value or b"",
            key=record.key,
            headers=dict(record.headers or ()),
            partition=record.partition,
            offset=record.offset,
        )
        # Busy until the commit is done too: stop() then waits instead of cutting it off.
        sub.busy = True
        try:
            try:
                await sub.handler(message)
            except Exception:
                self._retry_later(sub, tp, record)
                return False
            sub.failures.pop(tp, None)
            try:
                await consumer.commit({tp: record.offset + 1})
            except KafkaError as error:
                # Typically a rebalance took the partition away: its new owner starts at the
                # last committed offset, so this message is delivered again (at least once).
                log.warning("commit of %s@%d failed: %s", tp, record.offset, error)
                return False
            return True
        finally:
            sub.busy = False

    def _retry_later(self, sub: _Subscription, tp: TopicPartition, record: ConsumerRecord) -> None:
        consumer = sub.consumer
        assert consumer is not None
        last_offset, count = sub.failures.get(tp, (record.offset, 0))
        count = count + 1 if last_offset == record.offset else 1
        sub.failures[tp] = (record.offset, count)
        delay = min(self.options.max_retry_backoff, self.options.retry_backoff * 2 ** (count - 1))
        log.exception(
            "handler of group %s failed on %s@%d (attempt %d); retrying in %.1fs",
            sub.group,
            tp,
            record.offset,
            count,
            delay,
        )
        if tp not in consumer.assignment():
            return
        # Rewind and pause only this partition: the others keep flowing meanwhile.
        consumer.seek(tp, record.offset)
        consumer.pause(tp)
        sub.paused_until[tp] = time.monotonic() + delay

    def _resume_due(self, sub: _Subscription) -> int:
        """Resume partitions whose backoff is over; the poll timeout until the next one is."""
        consumer = sub.consumer
        assert consumer is not None
        now = time.monotonic()
        assigned = consumer.assignment()
        for tp, until in list(sub.paused_until.items()):
            if tp not in assigned:
                del sub.paused_until[tp]
            elif until <= now:
                consumer.resume(tp)
                del sub.paused_until[tp]
        timeout_ms = self.options.poll_timeout_ms
        if sub.paused_until:
            next_resume_ms = int((min(sub.paused_until.values()) - now) * 1000) + 1
            timeout_ms = max(1, min(timeout_ms, next_resume_ms))
        return timeout_ms
