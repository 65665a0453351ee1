"""An outbox relay in its own process, for the test that kills it mid-batch.

Prints ``ready``, then ``acked N`` after each message the broker acknowledged. With
``--hang-after N`` every publish after the N-th blocks forever (printing ``hanging``): the
process is then stuck inside a batch, with N messages out and their rows not yet marked.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
from collections.abc import Mapping

from hausportal.kit.bus import KafkaBus, KafkaOptions
from hausportal.kit.db import create_engine, create_sessionmaker, service_metadata
from hausportal.kit.messaging import OutboxRelay, messaging_tables


class ReportingBus:
    """Publishes through the real bus and reports each acknowledgement on stdout."""

    def __init__(self, bus: KafkaBus, *, hang_after: int | None) -> None:
        self._bus = bus
        self._hang_after = hang_after
        self.acked = 0

    async def publish(
        self,
        topic: str,
        value: bytes,
        *,
        key: bytes | None = None,
        headers: Mapping[str, bytes] | None = None,
    ) -> None:
        if self._hang_after is not None and self.acked >= self._hang_after:
            print("hanging", flush=True)
            await asyncio.Event().wait()
        await self._bus.publish(topic, value, key=key, headers=headers)
        self.acked += 1
        print(f"acked {self.acked}", flush=True)


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--schema", required=True)
    parser.add_argument("--bootstrap", required=True)
    parser.add_argument("--topic", action="append", default=[], help="contract=deployed name")
    parser.add_argument("--batch-size", type=int, default=50)
    parser.add_argument("--hang-after", type=int, default=None)
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)

    engine = create_engine(args.database_url, schema=args.schema)
    tables = messaging_tables(service_metadata(args.schema))
    bus = KafkaBus(args.bootstrap, client_id="relay-under-test", options=KafkaOptions())
    await bus.start()
    relay = OutboxRelay(
        create_sessionmaker(engine),
        tables,
        ReportingBus(bus, hang_after=args.hang_after),  # type: ignore[arg-type]
        batch_size=args.batch_size,
        poll_interval=0.05,
        topic_overrides=dict(pair.split("=", 1) for pair in args.topic),
    )
    print("ready", flush=True)
    await relay.run()


if __name__ == "__main__":
    asyncio.run(main())
