"""Publishing on a channel of its own: a refused publish closes it, never the consumer's."""

from __future__ import annotations

import aio_pika
from aiormq.exceptions import ChannelClosed
from faststream.rabbit import Channel, RabbitBroker

# Distinct from the consumers' default channel (which has a prefetch), so a channel of its own.
PUBLISH_CHANNEL = Channel(prefetch_count=None, publisher_confirms=True, on_return_raises=False)


class PublishRefused(Exception):
    """The broker closed the publishing channel (e.g. ACCESS_REFUSED for a routing key)."""


async def publish_channel(broker: RabbitBroker) -> aio_pika.abc.AbstractChannel:
    """The publishing channel, reopened when a refusal closed it."""
    channel: aio_pika.abc.AbstractChannel = await broker.config.channel_manager.get_channel(
        PUBLISH_CHANNEL
    )
    if channel.is_closed:
        await channel.reopen()
    return channel


__all__ = ["ChannelClosed", "PublishRefused", "publish_channel"]
