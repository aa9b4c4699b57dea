"""Publishing a copy of a consumed message elsewhere (its dead-letter queue, back to its queue)."""

from __future__ import annotations

from typing import Any

from faststream.rabbit import RabbitBroker, RabbitMessage

from shared.messaging.publish_channel import Unroutable, routed


async def publish_copy(
    broker: RabbitBroker,
    message: RabbitMessage,
    headers: dict[str, Any],
    *,
    unroutable: str,
    **where: Any,
) -> None:
    """The message's body, content type and ids with `headers`, published persistent,
    mandatory and confirmed to `where`; Unroutable(`unroutable`) when the broker returns it,
    so the original is kept (never acked) until a copy is safe."""
    raw = message.raw_message
    confirmation = await broker.publish(
        message.body,
        persist=True,
        mandatory=True,
        headers=headers,
        content_type=raw.content_type,
        message_id=raw.message_id,
        correlation_id=raw.correlation_id,
        **where,
    )
    if not routed(confirmation):
        raise Unroutable(unroutable)
