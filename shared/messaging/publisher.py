"""Publishing events: persistent messages, acknowledged by the broker (publisher confirms)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Protocol

from faststream.rabbit import RabbitBroker, RabbitExchange

from shared.contracts.envelope import CONTENT_TYPE

Headers = Mapping[str, Any]


class RawPublisher(Protocol):
    """Puts serialised events on the bus; returns only once the broker has them."""

    async def publish(
        self, body: bytes, *, routing_key: str, message_id: str, subject: str | None
    ) -> None: ...


class RabbitPublisher:
    """Publishes to the events exchange; FastStream's channels wait for the broker's confirm."""

    def __init__(self, broker: RabbitBroker, exchange: RabbitExchange) -> None:
        self._broker = broker
        self._exchange = exchange

    async def publish(
        self, body: bytes, *, routing_key: str, message_id: str, subject: str | None
    ) -> None:
        """Publish persistently; an event nobody consumes yet is not an error."""
        await self._broker.publish(
            body,
            exchange=self._exchange,
            routing_key=routing_key,
            persist=True,
            mandatory=False,
            content_type=CONTENT_TYPE,
            message_id=message_id,
            correlation_id=subject,
        )


class RecordingPublisher:
    """A fake for unit tests: remembers what would have been published."""

    def __init__(self) -> None:
        self.published: list[tuple[str, bytes]] = []

    async def publish(
        self, body: bytes, *, routing_key: str, message_id: str, subject: str | None
    ) -> None:
        """Record the message instead of sending it."""
        self.published.append((routing_key, body))
