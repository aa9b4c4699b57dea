"""Publishing events: persistent, confirmed, with the AMQP `user_id` the broker vouches for."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from typing import Any, Protocol

import aio_pika
from faststream.rabbit import RabbitBroker, RabbitExchange
from opentelemetry import trace

from shared import tracing
from shared.contracts.envelope import CONTENT_TYPE
from shared.messaging.publish_channel import (
    ChannelClosed,
    PublishRefused,
    Unroutable,
    caused_by_the_message,
    publish_channel,
    routed,
)

Headers = Mapping[str, Any]


class RawPublisher(Protocol):
    """Puts serialised events on the bus; returns only once the broker has them."""

    async def publish(
        self, body: bytes, *, routing_key: str, message_id: str, subject: str | None
    ) -> None: ...


class RabbitPublisher:
    """Publishes to the events exchange on its own confirmed channel, as the connection's user.

    A blocked broker (memory or disk alarm) never confirms: after `confirm_timeout_seconds` the
    publish fails with TimeoutError, so the relay releases the document and its events stay owed.
    Publishes may overlap (the relay awaits a batch's confirms together); only fetching the
    channel is one at a time, so overlapping publishes neither open nor reopen it twice.
    """

    def __init__(
        self,
        broker: RabbitBroker,
        exchange: RabbitExchange,
        user_id: str,
        *,
        confirm_timeout_seconds: float = 10.0,
    ) -> None:
        self._broker = broker
        self._exchange = exchange
        self._user_id = user_id
        self._timeout = confirm_timeout_seconds
        self._channel_lock = asyncio.Lock()

    async def publish(
        self, body: bytes, *, routing_key: str, message_id: str, subject: str | None
    ) -> None:
        """Publish persistently and mandatory: a return (no queue bound) raises Unroutable."""
        with tracing.span(f"{routing_key} publish", trace.SpanKind.PRODUCER) as headers:
            message = aio_pika.Message(
                body,
                headers=dict(headers) or None,  # traceparent: the consumer's span continues it
                delivery_mode=aio_pika.DeliveryMode.PERSISTENT,
                content_type=CONTENT_TYPE,
                message_id=message_id,
                correlation_id=subject,
                user_id=self._user_id,
            )
            async with asyncio.timeout(self._timeout):
                await self._send(message, routing_key)

    async def _send(self, message: aio_pika.Message, routing_key: str) -> None:
        """One confirmed, mandatory publish. The message's own refusal becomes PublishRefused,
        a return Unroutable; a channel the broker closed for any other reason (a restart, an
        outage) propagates as it is, so the relay retries later without blaming the event."""
        async with self._channel_lock:
            channel = await publish_channel(self._broker)
        try:
            exchange = await channel.get_exchange(self._exchange.name, ensure=False)
            confirmation = await exchange.publish(message, routing_key=routing_key, mandatory=True)
        except ChannelClosed as exc:
            if caused_by_the_message(exc):
                raise PublishRefused(f"{routing_key}: {exc}") from exc
            raise
        if not routed(confirmation):
            raise Unroutable(routing_key)


class RecordingPublisher:
    """A fake for unit tests: remembers what would have been published."""

    def __init__(self) -> None:
        self.published: list[tuple[str, bytes]] = []

    async def publish(
        self, body: bytes, *, routing_key: str, message_id: str, subject: str | None
    ) -> None:
        """Record the message instead of sending it."""
        self.published.append((routing_key, body))
