"""What no queue was bound for: the alternate exchange's queue, counted by routing key.

The events exchange's alternate exchange (a policy, see `tools.broker_users`) routes every event
no binding matched to `samenspel.unroutable`, so the publish is confirmed and the event is kept
there instead of being dropped. Operators look at it (console, `samenspel unroutable list`,
the `samenspel_unroutable_messages` metric) and purge it once they know why.
"""

from __future__ import annotations

import asyncio
from collections import Counter

import aio_pika
from aio_pika.abc import AbstractConnection

from shared.messaging.topology import Topology

PEEK_LIMIT = 2_000  # counting by key reads at most this many (the depth is always exact)


REQUEUE_WAIT_SECONDS = 5.0  # 2 s was once too short for the quorum queue under a CI run's load


class UnroutableQueue:
    """Reading without acking leaves every message where it was."""

    def __init__(self, connection: AbstractConnection, topology: Topology) -> None:
        self._connection = connection
        self._name = topology.unroutable_queue.name

    async def depth(self) -> int | None:
        """Messages kept, or None when no service declared the queue yet."""
        channel = await self._connection.channel()
        try:
            queue = await channel.declare_queue(self._name, passive=True)
        except aio_pika.exceptions.ChannelClosed:
            return None
        count = queue.declaration_result.message_count
        await channel.close()
        return int(count or 0)

    async def by_routing_key(self) -> dict[str, int]:
        """How many of each routing key (of the first PEEK_LIMIT); closing the channel unacked
        puts them back."""
        depth = min(await self.depth() or 0, PEEK_LIMIT)
        channel = await self._connection.channel()
        counts: Counter[str] = Counter()
        try:
            queue = await channel.get_queue(self._name)
            waited = 0.0
            while sum(counts.values()) < depth:
                if (message := await queue.get(fail=False)) is None:
                    # Messages an earlier peek put back can take a moment to be ready again.
                    if waited >= REQUEUE_WAIT_SECONDS:
                        break
                    await asyncio.sleep(0.05)
                    waited += 0.05
                    continue
                counts[message.routing_key or ""] += 1
        finally:
            await channel.close()
        return dict(sorted(counts.items()))

    async def purge(self) -> int:
        """Drop what is kept (once the operator knows why); returns how many."""
        channel = await self._connection.channel()
        try:
            queue = await channel.get_queue(self._name)
            result = await queue.purge()
            return int(result.message_count or 0)
        finally:
            await channel.close()
