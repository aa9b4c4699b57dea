"""This machine's raw ceilings: persistent publish with confirms, consume+ack, database inserts,
and a no-op FastStream consumer in our setup (the pipeline's figures are read against these)."""

from __future__ import annotations

import asyncio
import time
import uuid

import aio_pika
from faststream.rabbit import QueueType, RabbitMessage, RabbitQueue
from prometheus_client import CollectorRegistry

from shared.messaging.consumer import build_broker, subscribe
from shared.messaging.consumer_metrics import ConsumerMetrics
from shared.messaging.handling import HandlingTasks
from shared.persistence.mongo import connect

BODY = b'{"specversion":"1.0"}' + b" " * 900  # about a case.submitted event


async def _filled_queue(url: str, count: int) -> tuple[str, float]:
    """A quorum queue with `count` persistent messages; returns its name and publish rate."""
    name = f"bench_{uuid.uuid4().hex[:8]}"
    connection = await aio_pika.connect(url)
    channel = await connection.channel(publisher_confirms=True)
    await channel.declare_queue(name, durable=True, arguments={"x-queue-type": "quorum"})
    started = time.perf_counter()
    for offset in range(0, count, 100):  # confirms pipelined 100 at a time
        batch = min(100, count - offset)
        message = aio_pika.Message(
            BODY,
            delivery_mode=aio_pika.DeliveryMode.PERSISTENT,
            content_type="application/cloudevents+json",
            message_id=str(uuid.uuid4()),
            correlation_id=str(uuid.uuid4()),
        )
        await asyncio.gather(
            *(channel.default_exchange.publish(message, name) for _ in range(batch))
        )
    rate = count / (time.perf_counter() - started)
    await connection.close()
    return name, rate


async def _drop(url: str, name: str) -> None:
    connection = await aio_pika.connect(url)
    channel = await connection.channel()
    await channel.queue_delete(name)
    await connection.close()


async def raw_consume(url: str, count: int, prefetch: int = 32) -> dict[str, float]:
    """aio-pika consume + ack of a pre-filled queue, and the publish rate that filled it."""
    name, publish_rate = await _filled_queue(url, count)
    connection = await aio_pika.connect(url)
    channel = await connection.channel()
    await channel.set_qos(prefetch_count=prefetch)
    queue = await channel.get_queue(name)
    done, seen = asyncio.Event(), 0

    async def on_message(message: aio_pika.abc.AbstractIncomingMessage) -> None:
        nonlocal seen
        await message.ack()
        seen += 1
        if seen == count:
            done.set()

    started = time.perf_counter()
    await queue.consume(on_message)
    await done.wait()
    rate = count / (time.perf_counter() - started)
    await connection.close()
    await _drop(url, name)
    return {"publish_confirms_per_s": publish_rate, "raw_consume_ack_per_s": rate}


async def faststream_consume(
    url: str, count: int, prefetch: int = 32, *, metrics: bool = True
) -> float:
    """A no-op handler wired exactly as a service's consumer is (`shared.messaging.consumer`)."""
    name, _ = await _filled_queue(url, count)
    broker = build_broker(url, prefetch=prefetch)
    done, seen = asyncio.Event(), 0

    async def no_op(message: RabbitMessage) -> None:
        nonlocal seen
        await message.ack()
        seen += 1
        if seen == count:
            done.set()

    queue = RabbitQueue(name, durable=True, queue_type=QueueType.QUORUM)
    handling = HandlingTasks()
    counted = ConsumerMetrics(CollectorRegistry(), "bench") if metrics else None
    subscribe(broker, queue, None, no_op, handling, counted)  # as ServiceRuntime.consume does
    started = time.perf_counter()
    await broker.start()
    await done.wait()
    rate = count / (time.perf_counter() - started)
    await broker.stop()
    await handling.drain(1)  # as the service stops
    await _drop(url, name)
    return rate


async def database_inserts(mongodb_url: str, count: int) -> float:
    """insert_one, one after another, as a service's single-document writes are."""
    client = connect(mongodb_url)
    collection = client[f"bench_{uuid.uuid4().hex[:8]}"]["inserts"]
    started = time.perf_counter()
    for i in range(count):
        await collection.insert_one({"_id": i, "version": 1, "body": "x" * 900})
    rate = count / (time.perf_counter() - started)
    await client.drop_database(collection.database.name)
    await client.close()
    return rate


async def ceilings(url: str, mongodb_url: str, count: int, rounds: int = 3) -> dict[str, float]:
    """Every raw figure, measured now on this machine: the best of interleaved rounds.

    Other work on a shared 2-core machine only ever slows a round down, so the best round of
    each is the fairest reading, and interleaving keeps the ratios between them honest.
    """
    best: dict[str, float] = {}
    for _ in range(rounds):
        figures = await raw_consume(url, count)
        figures["faststream_noop_consume_per_s"] = await faststream_consume(url, count)
        figures["faststream_noop_no_metrics_per_s"] = await faststream_consume(
            url, count, metrics=False
        )
        for name, value in figures.items():
            best[name] = max(best.get(name, 0.0), value)
    best["database_inserts_per_s"] = await database_inserts(mongodb_url, max(500, count // 10))
    return best
