"""Benchmark: 1,000 events -> mails through the real service; latency beside the raw ceilings.

Run `python bench/notifications.py` from the repository root. RabbitMQ at RABBITMQ_URL (default
local guest); MONGODB_URL, or the nx-27017 stand-in is started on a free port.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

import aio_pika
from aiosmtpd.controller import Controller

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from services.notifications.bootstrap import build_app
from services.notifications.settings import NotificationsSettings
from shared.contracts.base import EventData
from shared.contracts.envelope import CloudEvent, new_event
from shared.contracts.intake import CaseSubmitted
from shared.persistence.mongo import connect
from tools.mongo_standin import free_port, start_standin

EVENTS = int(os.environ.get("BENCH_EVENTS", "1000"))
RABBITMQ_URL = os.environ.get("RABBITMQ_URL", "amqp://guest:guest@127.0.0.1:5672/")


class Sink:
    """aiosmtpd handler noting when each recipient's mail was accepted."""

    def __init__(self) -> None:
        self.accepted: dict[str, float] = {}

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        """Accept and time-stamp."""
        for rcpt in envelope.rcpt_tos:
            self.accepted.setdefault(rcpt, time.perf_counter())
        return "250 OK"


def submitted(i: int) -> CloudEvent[EventData]:
    """A case submission whose owner address identifies the event."""
    data = CaseSubmitted.model_validate(
        {
            "case_id": f"bench-{i}",
            "submitted_at": dt.datetime.now(dt.UTC),
            "owner": {
                "name": f"Eigenaar {i}",
                "role": "beleidsadviseur",
                "organisation": "Gemeente Bench",
                "email": f"owner{i}@bench.example",
            },
            "case": {
                "title": f"Benchcasus {i}",
                "description": "Een casus voor de benchmark.",
                "societal_issue": "Meten",
                "municipality": "Bench",
            },
            "conditions": {
                "societal_and_concrete": True,
                "no_time_pressure": True,
                "owner_is_content_expert": True,
                "can_attend_all_sessions": True,
                "consent_to_share": True,
            },
        }
    )
    return new_event(data, source="/bench", subject=data.case_id, now=dt.datetime.now(dt.UTC))


def pct(values: list[float], q: float) -> float:
    """The q-quantile in milliseconds."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000


async def broker_ceiling(n: int) -> tuple[float, float]:
    """aio-pika persistent publish with confirms, then consume+ack, on the same broker (msg/s)."""
    connection = await aio_pika.connect_robust(RABBITMQ_URL)
    channel = await connection.channel(publisher_confirms=True)
    queue = await channel.declare_queue(f"bench_raw_{uuid.uuid4().hex[:8]}", durable=True)
    body = submitted(0).to_json()
    start = time.perf_counter()
    for _ in range(n):
        await channel.default_exchange.publish(
            aio_pika.Message(body, delivery_mode=2), routing_key=queue.name
        )
    publish_rate = n / (time.perf_counter() - start)
    consumer = await connection.channel()
    await consumer.set_qos(prefetch_count=32)
    raw_queue = await consumer.get_queue(queue.name)
    done = asyncio.Event()
    count = 0

    async def on_message(message: aio_pika.abc.AbstractIncomingMessage) -> None:
        nonlocal count
        await message.ack()
        count += 1
        if count == n:
            done.set()

    start = time.perf_counter()
    await raw_queue.consume(on_message)
    await done.wait()
    consume_rate = n / (time.perf_counter() - start)
    await channel.queue_delete(queue.name)
    await connection.close()
    return publish_rate, consume_rate


async def database_ceiling(url: str, n: int) -> float:
    """Sequential insert_one of documents the size of a notification (docs/s)."""
    client = connect(url)
    collection = client[f"bench_{uuid.uuid4().hex[:8]}"]["raw"]
    document = {"source": submitted(0).to_json().decode(), "status": "pending"}
    start = time.perf_counter()
    for i in range(n):
        await collection.insert_one({"_id": str(i), **document})
    rate = n / (time.perf_counter() - start)
    await client.drop_database(collection.database.name)
    await client.close()
    return rate


async def service_run(mongodb_url: str, smtp_port: int, sink: Sink) -> dict[str, float]:
    """Publish EVENTS submissions to the running service; time each until its mail is accepted."""
    namespace = f"bench{uuid.uuid4().hex[:8]}_"
    settings = NotificationsSettings.model_validate(
        {
            "environment": "test",
            "samenspel_namespace": namespace,
            "rabbitmq_url": RABBITMQ_URL,
            "mongodb_url": mongodb_url,
            "smtp_port": smtp_port,
            "quiet_start": "00:00",
            "quiet_end": "00:00",  # no quiet window: measure sending, not waiting for morning
            "secret_key": "bench-secret",
        }
    )
    app = build_app(settings)
    events = [submitted(i) for i in range(EVENTS)]
    published: dict[str, float] = {}
    async with app.router.lifespan_context(app):
        connection = await aio_pika.connect_robust(RABBITMQ_URL)
        channel = await connection.channel(publisher_confirms=True)
        exchange = await channel.get_exchange(f"{namespace}samenspel.events")
        start = time.perf_counter()
        for i, event in enumerate(events):
            published[f"owner{i}@bench.example"] = time.perf_counter()
            await exchange.publish(
                aio_pika.Message(event.to_json(), delivery_mode=2), routing_key="case.submitted"
            )
        deadline = time.monotonic() + 600
        while len(sink.accepted) < EVENTS and time.monotonic() < deadline:  # noqa: ASYNC110 - the sink runs in another thread
            await asyncio.sleep(0.05)
        elapsed = max(sink.accepted.values()) - start
        await asyncio.sleep(1.0)  # let the relay publish the last NotificationSent events
    channel = await connection.channel()
    for name in (f"{namespace}notifications", f"{namespace}notifications.dlq"):
        await channel.queue_delete(name)
    for name in (f"{namespace}samenspel.events", f"{namespace}samenspel.dlx"):
        await channel.exchange_delete(name)
    await connection.close()
    latencies = [sink.accepted[k] - t for k, t in published.items() if k in sink.accepted]
    client = connect(mongodb_url)
    await client.drop_database(settings.database_name("notifications"))
    await client.close()
    return {
        "delivered": len(latencies),
        "throughput": len(latencies) / elapsed,
        "p50": pct(latencies, 0.50),
        "p99": pct(latencies, 0.99),
        "mean": statistics.mean(latencies) * 1000,
    }


async def main() -> None:
    """Run the ceilings and the service under the same conditions, and print one report."""
    standin = None
    mongodb_url = os.environ.get("MONGODB_URL", "")
    if not mongodb_url:
        workdir = Path(tempfile.mkdtemp(prefix="bench-mongo-"))
        port = free_port()
        standin = start_standin(workdir / "data", port, workdir / "nx-27017.log")
        mongodb_url = f"mongodb://127.0.0.1:{port}"
    sink = Sink()
    smtp = Controller(sink, hostname="127.0.0.1", port=free_port())
    smtp.start()
    try:
        publish_rate, consume_rate = await broker_ceiling(EVENTS)
        insert_rate = await database_ceiling(mongodb_url, EVENTS)
        result = await service_run(mongodb_url, smtp.port, sink)
    finally:
        smtp.stop()
        if standin is not None:
            standin.terminate()
    database = "MONGODB_URL" if os.environ.get("MONGODB_URL") else "nx-27017 stand-in"
    print(f"notifications benchmark: {EVENTS} case.submitted events -> owner receipts ({database})")
    print(f"  delivered            {result['delivered']:.0f} mails")
    print(f"  throughput           {result['throughput']:8.1f} mails/s")
    p50, p99, mean = result["p50"], result["p99"], result["mean"]
    print(f"  latency p50 / p99    {p50:8.1f} / {p99:.1f} ms (mean {mean:.1f})")
    print("raw ceilings, same run:")
    print(f"  aio-pika publish (persistent, confirms)  {publish_rate:8.1f} msg/s")
    print(f"  aio-pika consume + ack                   {consume_rate:8.1f} msg/s")
    print(f"  database insert_one                      {insert_rate:8.1f} docs/s")


if __name__ == "__main__":
    asyncio.run(main())
