"""RabbitMQ names: one topic exchange, one dead-letter exchange, a queue and a DLQ per service."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from faststream.rabbit import ExchangeType, QueueType, RabbitBroker, RabbitExchange, RabbitQueue

EVENTS_EXCHANGE = "samenspel.events"
DEAD_LETTER_EXCHANGE = "samenspel.dlx"
REPLAY_EXCHANGE = "samenspel.replay"
UNROUTABLE = "samenspel.unroutable"  # alternate exchange (fanout) and its one queue
UNROUTABLE_MAX_LENGTH = 10_000  # the oldest go first beyond this: a window to look into, bounded


@dataclass(frozen=True)
class Topology:
    """Names for one deployment; a namespace prefix isolates test runs on a shared broker."""

    namespace: str = ""
    delivery_limit: int = 3

    @property
    def events(self) -> RabbitExchange:
        """The durable topic exchange every event is published to."""
        return RabbitExchange(
            f"{self.namespace}{EVENTS_EXCHANGE}", type=ExchangeType.TOPIC, durable=True
        )

    @property
    def dead_letters(self) -> RabbitExchange:
        """Where messages that cannot be processed go, routed by `<service>.dlq`."""
        return RabbitExchange(
            f"{self.namespace}{DEAD_LETTER_EXCHANGE}", type=ExchangeType.DIRECT, durable=True
        )

    @property
    def replay_exchange(self) -> str:
        """Direct exchange on which a replayed dead letter reaches exactly one service's queue."""
        return f"{self.namespace}{REPLAY_EXCHANGE}"

    def replay_key(self, service: str) -> str:
        """The binding of a service's queue on the replay exchange: its own queue name."""
        return f"{self.namespace}{service}"

    def dead_letter_key(self, service: str) -> str:
        """Routing key (and queue name) of a service's dead-letter queue."""
        return f"{self.namespace}{service}.dlq"

    @property
    def unroutable_exchange(self) -> RabbitExchange:
        """The events exchange's alternate exchange (set by policy): what no queue was bound for."""
        return RabbitExchange(
            f"{self.namespace}{UNROUTABLE}", type=ExchangeType.FANOUT, durable=True
        )

    @property
    def unroutable_queue(self) -> RabbitQueue:
        """The one queue on the alternate exchange, read by the console, the CLI and metrics."""
        return RabbitQueue(
            f"{self.namespace}{UNROUTABLE}",
            durable=True,
            queue_type=QueueType.QUORUM,
            arguments={"x-max-length": UNROUTABLE_MAX_LENGTH, "x-overflow": "drop-head"},
        )

    def queue(self, service: str, first_key: str) -> RabbitQueue:
        """A service's durable quorum queue: bounded redelivery, then the DLQ."""
        return RabbitQueue(
            f"{self.namespace}{service}",
            durable=True,
            queue_type=QueueType.QUORUM,
            routing_key=first_key,
            arguments={
                "x-dead-letter-exchange": self.dead_letters.name,
                "x-dead-letter-routing-key": self.dead_letter_key(service),
                "x-delivery-limit": self.delivery_limit,
            },
        )

    def dead_letter_queue(self, service: str) -> RabbitQueue:
        """A service's dead-letter queue, kept until an operator replays or purges it."""
        return RabbitQueue(
            self.dead_letter_key(service),
            durable=True,
            queue_type=QueueType.QUORUM,
            routing_key=self.dead_letter_key(service),
        )


async def declare(
    broker: RabbitBroker, topology: Topology, service: str, routing_keys: Iterable[str]
) -> None:
    """Declare the exchanges, the service's queue with all its bindings, its DLQ, and the
    unroutable exchange and queue (the events exchange's alternate exchange is a policy, so the
    events exchange itself is declared as it always was)."""
    keys = sorted(set(routing_keys))
    events = await broker.declare_exchange(topology.events)
    unroutable = await broker.declare_exchange(topology.unroutable_exchange)
    kept = await broker.declare_queue(topology.unroutable_queue)
    await kept.bind(unroutable, routing_key="")
    dead_letters = await broker.declare_exchange(topology.dead_letters)
    dlq = await broker.declare_queue(topology.dead_letter_queue(service))
    await dlq.bind(dead_letters, routing_key=topology.dead_letter_key(service))
    if keys:
        queue = await broker.declare_queue(topology.queue(service, keys[0]))
        for key in keys:
            await queue.bind(events, routing_key=key)
        replay = await broker.declare_exchange(
            RabbitExchange(topology.replay_exchange, type=ExchangeType.DIRECT, durable=True)
        )
        await queue.bind(replay, routing_key=topology.replay_key(service))
