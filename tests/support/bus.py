"""Watching and feeding the bus from a test, with plain aio-pika as another system would."""

from __future__ import annotations

import json
from typing import Any

import aio_pika
from aio_pika.abc import AbstractConnection, AbstractIncomingMessage, AbstractRobustConnection

from shared.messaging.topology import Topology
from tests.support.waiting import wait_until

SERVICES = ("intake", "scheduling", "documents", "notifications")


class EventSpy:
    """An exclusive queue bound to every event of a namespace: what was published, in order."""

    def __init__(self, connection: AbstractRobustConnection, topology: Topology) -> None:
        self._connection = connection
        self._topology = topology
        self.messages: list[AbstractIncomingMessage] = []

    async def start(self, binding: str = "#") -> EventSpy:
        """Declare the exchange (idempotent) and start collecting."""
        channel = await self._connection.channel()
        exchange = await channel.declare_exchange(
            self._topology.events.name, aio_pika.ExchangeType.TOPIC, durable=True
        )
        queue = await channel.declare_queue(exclusive=True, auto_delete=True)
        await queue.bind(exchange, routing_key=binding)
        await queue.consume(self._collect, no_ack=True)
        return self

    async def _collect(self, message: AbstractIncomingMessage) -> None:
        self.messages.append(message)

    def events(self, routing_key: str | None = None) -> list[dict[str, Any]]:
        """Bodies as parsed JSON, optionally of one routing key."""
        return [
            json.loads(message.body)
            for message in self.messages
            if routing_key is None or message.routing_key == routing_key
        ]

    async def wait_for(
        self, routing_key: str, count: int = 1, timeout: float = 10.0
    ) -> list[dict[str, Any]]:
        """Wait until `count` events of this key were published."""
        await wait_until(lambda: len(self.events(routing_key)) >= count, timeout)
        return self.events(routing_key)


async def publish_raw(
    connection: AbstractRobustConnection,
    topology: Topology,
    routing_key: str,
    body: bytes,
    content_type: str = "application/cloudevents+json",
) -> None:
    """Publish persistent bytes to the events exchange with confirms, like another system would."""
    channel = await connection.channel(publisher_confirms=True)
    exchange = await channel.get_exchange(topology.events.name)
    await exchange.publish(
        aio_pika.Message(body, content_type=content_type, delivery_mode=2), routing_key=routing_key
    )
    await channel.close()


async def dead_letters(
    connection: AbstractRobustConnection, topology: Topology, service: str
) -> list[AbstractIncomingMessage]:
    """Everything in a service's DLQ right now (taken off the queue)."""
    channel = await connection.channel()
    queue = await channel.get_queue(topology.dead_letter_key(service))
    found = []
    while (message := await queue.get(no_ack=True, fail=False)) is not None:
        found.append(message)
    await channel.close()
    return found


async def delete_namespace(connection: AbstractConnection, topology: Topology) -> None:
    """Remove the queues and exchanges a test created, so tests never see each other's messages."""
    channel = await connection.channel()
    for service in SERVICES:
        for name in (f"{topology.namespace}{service}", topology.dead_letter_key(service)):
            await channel.queue_delete(name)
    await channel.queue_delete(topology.unroutable_queue.name)
    for exchange in (
        topology.events.name,
        topology.dead_letters.name,
        topology.unroutable_exchange.name,
    ):
        await channel.exchange_delete(exchange)
    await channel.close()
