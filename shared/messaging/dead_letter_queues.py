"""Dead letters for operators and staff: why a message failed, replay it once fixed, or drop it.

The one module the console and the CLI both use (list, show, replay, purge). It reaches the
broker through `letter_broker.py`, so it runs on RabbitMQ and on the in-memory twin alike. A
replay goes through the direct `samenspel.replay` exchange to the one service whose DLQ held the
letter (its queue is bound there by its own name), never back onto the topic exchange where
every consumer of that key would get it again; it is published mandatory with confirms, and a
letter the broker returns or does not confirm stays in the DLQ.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import aio_pika
from aio_pika.abc import AbstractConnection

from shared.messaging.dead_letter_records import (
    REPLAYED_HEADER,
    SERVICES,
    DeadLetter,
    ListedLetter,
    Replay,
    Replayed,
    as_dead_letter,
    dead_lettered_at,
    original_routing_key,
)
from shared.messaging.dead_letters import ROUTING_KEY_HEADER
from shared.messaging.letter_broker import (
    HeldLetter,
    LetterBroker,
    LetterSession,
    Outgoing,
    RabbitLetterBroker,
)
from shared.messaging.topology import Topology

__all__ = [
    "SERVICES",
    "DeadLetter",
    "DeadLetterQueues",
    "ListedLetter",
    "Replay",
    "Replayed",
    "dead_letter_queues",
    "original_routing_key",
]


class DeadLetterQueues:
    """Operations on `<service>.dlq`; reading without acking leaves messages where they were."""

    def __init__(self, broker: LetterBroker | AbstractConnection, topology: Topology) -> None:
        self._broker: LetterBroker = (
            RabbitLetterBroker(broker) if isinstance(broker, AbstractConnection) else broker
        )
        self._topology = topology

    async def depth(self, service: str) -> int | None:
        """Messages waiting, or None when the service's DLQ was never declared."""
        return await self._broker.depth(self._topology.dead_letter_key(service))

    async def _take_all(
        self, session: LetterSession, service: str
    ) -> list[tuple[DeadLetter, HeldLetter]]:
        """Every message, unacked, numbered by dead-letter time: a quorum queue reorders returns."""
        depth = await self.depth(service)
        if not depth:
            return []
        taken = await session.take(self._topology.dead_letter_key(service), depth)
        ordered = sorted(
            enumerate(taken), key=lambda item: (dead_lettered_at(item[1].headers), item[0])
        )
        return [(as_dead_letter(i, m), m) for i, (_, m) in enumerate(ordered, start=1)]

    async def peek(self, service: str) -> list[DeadLetter]:
        """Every dead letter, numbered; ending the session unacked puts them back."""
        async with self._broker.session() as session:
            return [letter for letter, _ in await self._take_all(session, service)]

    async def show(self, service: str, selector: str) -> DeadLetter | None:
        """The one letter an operator names by position, event id or key; None if none."""
        return next((one for one in await self.peek(service) if one.matches(selector)), None)

    async def replay(self, service: str, selector: str | None) -> Replay:
        """Re-publish to the service's own queue, then ack; selector = position or event id.

        None replays all. A letter is acked only once the broker confirmed it was routed; one
        the broker returned is reported in `unroutable` and stays.
        """
        done = Replay(replay_key=self._topology.replay_key(service))
        async with self._broker.session() as session:
            for letter, message in await self._take_all(session, service):
                if selector is not None and not letter.matches(selector):
                    continue
                outgoing = republished(message, letter.routing_key, self._broker.user)
                if not await session.send(
                    self._topology.replay_exchange, done.replay_key, outgoing
                ):
                    done.unroutable.append(letter)  # returned: the letter stays
                    continue
                await message.ack()
                done.replayed.append(letter)
        return done

    async def purge(self, service: str) -> int:
        """Drop every dead letter of a service; returns how many (none when never declared)."""
        if await self.depth(service) is None:
            return 0
        async with self._broker.session() as session:
            return await session.purge(self._topology.dead_letter_key(service))


def republished(message: HeldLetter, routing_key: str, user_id: str | None) -> Outgoing:
    """The original body and headers, without our bookkeeping and RabbitMQ's, marked replayed;
    the operator's broker user rides along as `user_id`, vouched by RabbitMQ."""
    headers = {
        key: value
        for key, value in (message.headers or {}).items()
        if not key.startswith("x-samenspel-") and key not in ("x-death", "x-delivery-count")
    }
    headers[REPLAYED_HEADER] = dt.datetime.now(dt.UTC).isoformat()
    if routing_key:  # the consumer reads the event's key from here, not the replay key
        headers[ROUTING_KEY_HEADER] = routing_key
    return Outgoing(
        message.body,
        headers,
        content_type=message.content_type,
        message_id=message.message_id,
        correlation_id=message.correlation_id,
        user_id=user_id,
    )


@asynccontextmanager
async def dead_letter_queues(url: str, topology: Topology) -> AsyncIterator[DeadLetterQueues]:
    """The operations over a connection of their own, closed afterwards (console and CLI)."""
    connection = await aio_pika.connect_robust(url)
    try:
        yield DeadLetterQueues(connection, topology)
    finally:
        await connection.close()
