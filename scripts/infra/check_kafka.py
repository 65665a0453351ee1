"""End-to-end check of the Kafka-protocol broker with aiokafka: create a topic, produce with
acks=all, consume in a group, commit, and read the committed offset back.

    uv run python scripts/infra/check_kafka.py [127.0.0.1:59092]
"""

from __future__ import annotations

import asyncio
import sys
import time
import uuid

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient, NewTopic


async def main(bootstrap: str) -> None:
    began = time.monotonic()
    topic = f"infra-check-{uuid.uuid4().hex[:8]}"
    group = f"{topic}-group"

    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    await admin.start()
    try:
        await admin.create_topics([NewTopic(topic, num_partitions=3, replication_factor=1)])
    finally:
        await admin.close()

    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all")
    await producer.start()
    try:
        for i in range(10):
            await producer.send_and_wait(topic, f"m{i}".encode(), key=str(i).encode())
    finally:
        await producer.stop()

    consumer = AIOKafkaConsumer(
        topic,
        bootstrap_servers=bootstrap,
        group_id=group,
        auto_offset_reset="earliest",
        enable_auto_commit=False,
        session_timeout_ms=6000,
        heartbeat_interval_ms=200,
    )
    await consumer.start()
    try:
        seen: list[bytes] = []
        while len(seen) < 10:
            batches = await asyncio.wait_for(consumer.getmany(timeout_ms=500), timeout=30)
            for records in batches.values():
                seen.extend(r.value for r in records)
        await consumer.commit()
        committed = {p: await consumer.committed(TopicPartition(topic, p)) for p in range(3)}
    finally:
        await consumer.stop()

    assert sorted(seen) == sorted(f"m{i}".encode() for i in range(10)), seen
    assert sum(v or 0 for v in committed.values()) == 10, committed
    print(
        f"kafka ok: {bootstrap} topic {topic}, 10 messages, committed {committed}, "
        f"{time.monotonic() - began:.1f} s"
    )


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1] if len(sys.argv) > 1 else "127.0.0.1:59092"))
