"""The bus promises, one set of cases run against both adapters (in-process and real Kafka)."""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from typing import TYPE_CHECKING

from hausportal.kit.bus import KafkaBus, MemoryBus, Message, create_bus, get_broker
from hausportal.kit.settings import Environment, ServiceSettings

if TYPE_CHECKING:
    from conftest import BusFactory, Eventually, Unique


class Recorder:
    """A handler that remembers what it got, optionally failing on chosen values once."""

    def __init__(self, fail_once_on: set[bytes] | None = None) -> None:
        self.messages: list[Message] = []
        self._fail_once_on = set(fail_once_on or ())

    async def __call__(self, message: Message) -> None:
        self.messages.append(message)
        if message.value in self._fail_once_on:
            self._fail_once_on.discard(message.value)
            raise RuntimeError(f"handler failed once on {message.value!r}")

    @property
    def values(self) -> list[bytes]:
        return [m.value for m in self.messages]

    def values_for(self, key: bytes) -> list[bytes]:
        return [m.value for m in self.messages if m.key == key]


class TestRoundtrip:
    async def test_value_key_and_headers_arrive_unchanged(
        self, make_bus: BusFactory, unique: Unique, eventually: Eventually
    ) -> None:
        topic, seen = unique("roundtrip"), Recorder()
        bus = make_bus()
        bus.subscribe([topic], group=unique("g"), handler=seen)
        await bus.start()
        assert await bus.ready()
        traceparent = b"00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"
        await bus.publish(
            topic, b'{"x": 1}', key=b"account-1", headers={"traceparent": traceparent}
        )

        await eventually(lambda: len(seen.messages) == 1)
        message = seen.messages[0]
        assert (message.topic, message.value, message.key) == (topic, b'{"x": 1}', b"account-1")
        assert message.headers == {"traceparent": traceparent}


class TestOrdering:
    async def test_messages_with_one_key_arrive_in_publish_order(
        self, make_bus: BusFactory, unique: Unique, eventually: Eventually
    ) -> None:
        topic, seen = unique("order"), Recorder()
        bus = make_bus()
        bus.subscribe([topic], group=unique("g"), handler=seen)
        await bus.start()
        keys = [b"a", b"b", b"c", b"d"]
        for i in range(40):
            key = keys[i % len(keys)]
            await bus.publish(topic, key + b"-%d" % i, key=key)

        await eventually(lambda: len(seen.messages) == 40)
        for key in keys:
            expected = [key + b"-%d" % i for i in range(40) if keys[i % len(keys)] == key]
            assert seen.values_for(key) == expected


class TestConsumerGroups:
    async def test_each_group_gets_every_message(
        self, make_bus: BusFactory, unique: Unique, eventually: Eventually
    ) -> None:
        topic, documents, tasks = unique("groups"), Recorder(), Recorder()
        # Two services, each with its own bus, as in the embedded mode or two deployments.
        first, second = make_bus(client_id="documents"), make_bus(client_id="tasks")
        first.subscribe([topic], group=unique("documents"), handler=documents)
        second.subscribe([topic], group=unique("tasks"), handler=tasks)
        await asyncio.gather(first.start(), second.start())
        sent = [b"m%d" % i for i in range(12)]
        for i, value in enumerate(sent):
            await first.publish(topic, value, key=b"k%d" % (i % 3))

        await eventually(lambda: len(documents.messages) == 12 and len(tasks.messages) == 12)
        assert sorted(documents.values) == sorted(tasks.values) == sorted(sent)

    async def test_members_of_one_group_split_the_work(
        self, make_bus: BusFactory, unique: Unique, eventually: Eventually
    ) -> None:
        topic, group = unique("split"), unique("workers")
        one, two = Recorder(), Recorder()
        first, second = make_bus(client_id="one"), make_bus(client_id="two")
        first.subscribe([topic], group=group, handler=one)
        second.subscribe([topic], group=group, handler=two)
        await asyncio.gather(first.start(), second.start())
        publisher = first

        # Keep publishing until both members got work: Kafka assigns partitions only once
        # both have joined, and the test must not depend on how long that takes.
        sent: list[bytes] = []

        async def publish_until_both_work() -> None:
            i = 0
            while not (one.messages and two.messages) or i % 6:
                value = b"job-%d" % i
                await publisher.publish(topic, value, key=b"account-%d" % (i % 6))
                sent.append(value)
                i += 1
                await asyncio.sleep(0.01)

        await asyncio.wait_for(publish_until_both_work(), timeout=30)
        await eventually(lambda: set(one.values) | set(two.values) == set(sent))
        assert one.messages
        assert two.messages
        # Apart from the rebalance moment, no job is done twice.
        assert len(one.messages) + len(two.messages) <= len(sent) + 2


class TestFailingHandler:
    async def test_failed_message_comes_again_before_the_ones_behind_it(
        self, make_bus: BusFactory, unique: Unique, eventually: Eventually
    ) -> None:
        topic = unique("retry")
        seen = Recorder(fail_once_on={b"m1"})
        bus = make_bus()
        bus.subscribe([topic], group=unique("g"), handler=seen)
        await bus.start()
        for i in range(5):
            await bus.publish(topic, b"m%d" % i, key=b"same-account")

        await eventually(lambda: len(seen.messages) == 6)
        await asyncio.sleep(0.3)
        assert seen.values == [b"m0", b"m1", b"m1", b"m2", b"m3", b"m4"]


class TestRestart:
    async def test_a_restarted_member_resumes_after_the_last_handled_message(
        self, make_bus: BusFactory, unique: Unique, eventually: Eventually
    ) -> None:
        topic, group = unique("restart"), unique("g")
        first_run, second_run = Recorder(), Recorder()
        handled_five = asyncio.Event()

        async def handle_then_stop(message: Message) -> None:
            await first_run(message)
            if len(first_run.messages) == 5:
                handled_five.set()

        publisher = make_bus(client_id="publisher")
        await publisher.start()
        consumer = make_bus(client_id="consumer")
        consumer.subscribe([topic], group=group, handler=handle_then_stop)
        await consumer.start()
        sent = [b"m%02d" % i for i in range(20)]
        for value in sent[:10]:
            await publisher.publish(topic, value, key=b"one-account")
        await asyncio.wait_for(handled_five.wait(), timeout=30)
        stopping = time.monotonic()
        await consumer.stop()
        assert time.monotonic() - stopping < 2

        for value in sent[10:]:
            await publisher.publish(topic, value, key=b"one-account")
        restarted = make_bus(client_id="consumer")
        restarted.subscribe([topic], group=group, handler=second_run)
        await restarted.start()

        await eventually(lambda: second_run.values[-1:] == [sent[-1]])
        assert set(first_run.values) | set(second_run.values) == set(sent)
        # Handled ones are not delivered again, except at most the one in flight at the stop.
        assert len(set(first_run.values) & set(second_run.values)) <= 1
        assert second_run.values == sorted(second_run.values)
        assert max(Counter(second_run.values).values()) == 1


class TestFactory:
    def test_settings_choose_the_adapter(self) -> None:
        def settings(bus: str) -> ServiceSettings:
            return ServiceSettings(
                environment=Environment.development,
                database_url="sqlite+aiosqlite:///unused.db",
                jwt_secret="x" * 32,
                bus=bus,  # type: ignore[arg-type]
                kafka_bootstrap_servers="kafka-0:9092",
            )

        memory = create_bus(settings("memory"), client_id="documents")
        kafka = create_bus(settings("kafka"), client_id="documents")

        assert isinstance(memory, MemoryBus)
        assert memory.broker is get_broker()  # one broker for every service in the process
        assert isinstance(kafka, KafkaBus)
        assert (kafka.bootstrap_servers, kafka.client_id) == ("kafka-0:9092", "documents")
