"""Dead-lettering with the reason in a header, so an operator sees why without guessing."""

from __future__ import annotations

import datetime as dt
from typing import Protocol

from faststream.rabbit import RabbitBroker, RabbitMessage

from shared.messaging.copies import publish_copy
from shared.messaging.topology import REPLAY_EXCHANGE, Topology

REASON_HEADER = "x-samenspel-reason"
SERVICE_HEADER = "x-samenspel-service"
ROUTING_KEY_HEADER = "x-samenspel-routing-key"
ATTEMPTS_HEADER = "x-samenspel-attempts"
AT_HEADER = "x-samenspel-dead-lettered-at"


def event_routing_key(message: RabbitMessage) -> str | None:
    """The event's own routing key: for a replayed letter (which arrives on the replay
    exchange under the queue's name) the one recorded when it was dead-lettered."""
    raw = message.raw_message
    if (raw.exchange or "").endswith(REPLAY_EXCHANGE):
        recorded = (raw.headers or {}).get(ROUTING_KEY_HEADER)
        return str(recorded) if recorded else None
    return raw.routing_key


class DeadLetterSink(Protocol):
    """Takes a message the service cannot process, with the reason why."""

    async def send(self, message: RabbitMessage, reason: str, attempts: int) -> None: ...


class RabbitDeadLetterSink:
    """Copies the original body to `<service>.dlq` via the dead-letter exchange, with headers."""

    def __init__(self, broker: RabbitBroker, topology: Topology, service: str) -> None:
        self._broker = broker
        self._topology = topology
        self._service = service

    async def send(self, message: RabbitMessage, reason: str, attempts: int) -> None:
        """Publish persistently, mandatory, and wait for the confirm; only then may the original
        be acked. A return (the DLQ is not bound) raises Unroutable: the original is requeued."""
        raw = message.raw_message
        headers = {
            key: value
            for key, value in (raw.headers or {}).items()
            if not key.startswith("x-samenspel-") and key != "x-delivery-count"
        }
        headers.update(
            {
                REASON_HEADER: reason[:2000],
                SERVICE_HEADER: self._service,
                ROUTING_KEY_HEADER: raw.routing_key or "",
                ATTEMPTS_HEADER: attempts,
                AT_HEADER: dt.datetime.now(dt.UTC).isoformat(),
            }
        )
        key = self._topology.dead_letter_key(self._service)
        await publish_copy(
            self._broker,
            message,
            headers,
            unroutable=key,
            exchange=self._topology.dead_letters,
            routing_key=key,
        )
