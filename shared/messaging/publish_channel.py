"""Publishing on a channel of its own: a refused publish closes it, never the consumer's."""

from __future__ import annotations

from typing import Any

import aio_pika
from aiormq.exceptions import ChannelAccessRefused, ChannelClosed, ChannelPreconditionFailed
from faststream.rabbit import Channel, RabbitBroker
from pamqp.commands import Basic

# Distinct from the consumers' default channel (which has a prefetch), so a channel of its own.
# Returns do not raise: a mandatory publish's result is the returned message, checked below.
PUBLISH_CHANNEL = Channel(prefetch_count=None, publisher_confirms=True, on_return_raises=False)

# Closures the message itself causes (a routing key its user may not publish, a user_id or
# another property the broker refuses); any other closure is the broker's (a restart, an
# outage, a missing exchange) and no fault of the event.
CAUSED_BY_THE_MESSAGE = (ChannelAccessRefused, ChannelPreconditionFailed)


class PublishRefused(Exception):
    """The broker refused this message (e.g. ACCESS_REFUSED for a routing key)."""


class Unroutable(PublishRefused):
    """Published mandatory and returned: no queue (and no alternate exchange) took it."""

    def __init__(self, routing_key: str) -> None:
        super().__init__(f"no queue is bound for {routing_key}")
        self.routing_key = routing_key


def routed(confirmation: Any) -> bool:
    """True for a plain Basic.Ack; a returned message (DeliveredMessage) or None is not."""
    return isinstance(confirmation, Basic.Ack)


def caused_by_the_message(exc: BaseException) -> bool:
    """Whether a channel closure is the message's own fault (retrying it alone will not help)."""
    return isinstance(exc, CAUSED_BY_THE_MESSAGE)


async def publish_channel(broker: RabbitBroker) -> aio_pika.abc.AbstractChannel:
    """The publishing channel, reopened when a refusal closed it."""
    channel: aio_pika.abc.AbstractChannel = await broker.config.channel_manager.get_channel(
        PUBLISH_CHANNEL
    )
    if channel.is_closed:
        await channel.reopen()
    return channel


__all__ = [
    "ChannelClosed",
    "PublishRefused",
    "Unroutable",
    "caused_by_the_message",
    "publish_channel",
    "routed",
]
