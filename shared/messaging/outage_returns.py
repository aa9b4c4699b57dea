"""A message held through a long database outage goes back to its queue as a fresh copy.

On a quorum queue every return (reject, nack, a closed channel) counts toward
`x-delivery-limit`, and RabbitMQ's `consumer_timeout` closes a channel that holds a message too
long. A message held for the whole allowed time is therefore published again, straight to the
service's own queue, and only then acked: its delivery count starts afresh and an outage never
pushes it into the DLQ. The original routing key travels in a header.
"""

from __future__ import annotations

from typing import Protocol

from faststream.rabbit import RabbitBroker, RabbitMessage

from shared.messaging.copies import publish_copy

ORIGINAL_USER_HEADER = "x-samenspel-original-user-id"
RETURNED_KEY_HEADER = "x-samenspel-returned-routing-key"
RETURNS_HEADER = "x-samenspel-outage-returns"


class OutageReturns(Protocol):
    """Puts a held message back at the end of its queue, with confirms."""

    async def send(self, message: RabbitMessage) -> None: ...


class RabbitOutageReturns:
    """Publishes through the default exchange to the queue by name."""

    def __init__(self, broker: RabbitBroker, queue_name: str, user_id: str | None = None) -> None:
        self._broker = broker
        self._queue = queue_name
        self._user_id = user_id

    async def send(self, message: RabbitMessage) -> None:
        """Persistent, confirmed; the original may be acked only after this returns."""
        raw = message.raw_message
        headers = {k: v for k, v in (raw.headers or {}).items() if k != "x-delivery-count"}
        headers.setdefault(RETURNED_KEY_HEADER, raw.routing_key or "")
        headers.setdefault(ORIGINAL_USER_HEADER, raw.user_id or "")  # who published it first
        returns = headers.get(RETURNS_HEADER, 0)
        headers[RETURNS_HEADER] = (returns if isinstance(returns, int) else 0) + 1
        # the queue gone (Unroutable): keep holding the original
        await publish_copy(
            self._broker,
            message,
            headers,
            unroutable=self._queue,
            queue=self._queue,
            user_id=self._user_id,
        )
