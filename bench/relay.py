"""The outbox relay alone: N owed documents drained to a real broker, events/s and round trips
per event, beside this machine's raw publish+confirm rate (pipelined, 100 at a time)."""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
import time
import uuid
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from faststream.rabbit import RabbitBroker
from pymongo import AsyncMongoClient, monitoring

from bench.ceilings import BODY, _drop, _filled_queue
from shared.messaging.publisher import RabbitPublisher
from shared.messaging.relay import OutboxRelay
from shared.messaging.topology import Topology, declare
from tools.mongo_standin import free_port, start_standin
from tools.purge_namespaces import purge

KEY = "case.submitted"


class Commands(monitoring.CommandListener):
    """Round trips by command."""

    def __init__(self) -> None:
        self.counts: Counter[str] = Counter()

    def started(self, event: monitoring.CommandStartedEvent) -> None:
        self.counts[event.command_name] += 1

    def succeeded(self, event: monitoring.CommandSucceededEvent) -> None:
        """Counted when started."""

    def failed(self, event: monitoring.CommandFailedEvent) -> None:
        """Counted when started."""


def _owed(key: str, events: int) -> dict[str, object]:
    outbox = [
        {"id": uuid.uuid4().hex, "body": BODY.decode(), "routing_key": KEY, "subject": key}
        for _ in range(events)
    ]
    return {"_id": key, "version": 1, "outbox": outbox, "pending_events": events,
            "relay_lease_until_ms": 0, "relay_owner": None}  # fmt: skip


async def run(rabbitmq_url: str, mongodb_url: str, documents: int, events: int) -> None:
    """Fill, drain, report."""
    namespace = f"r{uuid.uuid4().hex[:8]}_"
    topology = Topology(namespace)
    broker = RabbitBroker(rabbitmq_url)
    await broker.connect()
    await declare(broker, topology, "bench", [KEY])
    commands = Commands()
    client: AsyncMongoClient[dict[str, object]] = AsyncMongoClient(
        mongodb_url, event_listeners=[commands]
    )
    collection = client[f"{namespace}relay"]["owed"]
    try:
        await collection.insert_many([_owed(f"d{n}", events) for n in range(documents)])
        relay = OutboxRelay([collection], RabbitPublisher(broker, topology.events, "guest"))
        commands.counts.clear()
        started = time.perf_counter()
        published = await relay.drain()
        seconds = time.perf_counter() - started
        name, raw_rate = await _filled_queue(rabbitmq_url, documents * events)
        await _drop(rabbitmq_url, name)
    finally:
        await client.drop_database(f"{namespace}relay")
        await client.close()
        await broker.stop()
        await purge(rabbitmq_url, f"^{namespace}")
    trips = sum(commands.counts.values())
    print(f"documents x events                  {documents} x {events}")
    print(f"relayed_events_per_s              {published / seconds:8.1f}")
    print(f"raw_publish_confirms_per_s        {raw_rate:8.1f}")
    print(f"relay_vs_raw                      {published / seconds / raw_rate:8.1%}")
    print(f"round_trips_per_event             {trips / published:8.3f}")
    for command, count in commands.counts.most_common():
        print(f"  {command:<32}{count / published:8.3f}")


async def main() -> None:
    """A stand-in unless MONGODB_URL is set; the broker at RABBITMQ_URL."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=500)
    parser.add_argument("--events", type=int, default=2, help="owed events per document")
    args = parser.parse_args()
    rabbitmq_url = os.environ.get("RABBITMQ_URL", "amqp://guest:guest@127.0.0.1:5672/")
    standin = None
    if not (mongodb_url := os.environ.get("MONGODB_URL", "")):
        work = Path(tempfile.mkdtemp(prefix="bench-relay-"))
        port = free_port()
        standin = start_standin(work / "mongo", port, work / "nx.log")
        mongodb_url = f"mongodb://127.0.0.1:{port}"
    try:
        await run(rabbitmq_url, mongodb_url, args.documents, args.events)
    finally:
        if standin is not None:
            standin.terminate()


if __name__ == "__main__":
    asyncio.run(main())
