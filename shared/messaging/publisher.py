"""Publishing events: persistent messages, acknowledged by the broker (publisher confirms)."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from typing import Any, Protocol

from faststream.rabbit import RabbitExchange

from shared.contracts.envelope import CONTENT_TYPE

Headers = Mapping[str, Any]


class PublishingBroker(Protocol):
    """The one call of FastStream's RabbitBroker the publisher needs."""

    async def publish(self, message: Any, *args: Any, **kwargs: Any) -> Any: ...


class RawPublisher(Protocol):
    """Puts serialised events on the bus; returns only once the broker has them."""

    async def publish(
        self, body: bytes, *, routing_key: str, message_id: str, subject: str | None
    ) -> None: ...


class RabbitPublisher:
    """Publishes to the events exchange; FastStream's channels wait for the broker's confirm.

    A blocked broker (memory or disk alarm) never confirms: after `confirm_timeout_seconds` the
    publish fails with TimeoutError, so the relay releases the document and its events stay owed.
    """

    def __init__(
        self,
        broker: PublishingBroker,
        exchange: RabbitExchange,
        *,
        confirm_timeout_seconds: float = 10.0,
    ) -> None:
        self._broker = broker
        self._exchange = exchange
        self._timeout = confirm_timeout_seconds

    async def publish(
        self, body: bytes, *, routing_key: str, message_id: str, subject: str | None
    ) -> None:
        """Publish persistently; an event nobody consumes yet is not an error."""
        async with asyncio.timeout(self._timeout):
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
