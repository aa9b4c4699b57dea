"""What the dead-letter operations need from a broker, on RabbitMQ and as an in-memory twin.

A session takes messages without acking them; whatever it did not ack goes back to its queue
when the session ends (for RabbitMQ: the channel closes). The twin keeps the same rules, so the
operations in `dead_letter_queues.py` are unit-tested without a broker.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import dataclass, field
from typing import Any, Protocol

import aio_pika
from aio_pika.abc import AbstractChannel, AbstractConnection

from shared.messaging.publish_channel import routed


class HeldLetter(Protocol):
    """A message taken from a queue and not acked yet (aio-pika's incoming message is one)."""

    @property
    def headers(self) -> Mapping[str, Any]: ...

    @property
    def body(self) -> bytes: ...

    @property
    def content_type(self) -> str | None: ...

    @property
    def message_id(self) -> str | None: ...

    @property
    def correlation_id(self) -> str | None: ...

    async def ack(self) -> None: ...


@dataclass(frozen=True)
class Outgoing:
    """A letter sent back to one service: the original body, cleaned headers, persistent."""

    body: bytes
    headers: dict[str, Any]
    content_type: str | None = None
    message_id: str | None = None
    correlation_id: str | None = None
    user_id: str | None = None


class LetterSession(Protocol):
    """One channel's worth of work; what is not acked goes back when it ends."""

    async def take(self, queue: str, count: int) -> list[HeldLetter]: ...

    async def send(self, exchange: str, routing_key: str, letter: Outgoing) -> bool: ...

    async def purge(self, queue: str) -> int: ...


class LetterBroker(Protocol):
    """Queue depths, sessions, and the operator's own broker user (vouched for by RabbitMQ)."""

    user: str | None

    async def depth(self, queue: str) -> int | None: ...

    def session(self) -> AbstractAsyncContextManager[LetterSession]: ...


class _RabbitSession:
    def __init__(self, channel: AbstractChannel) -> None:
        self._channel = channel

    async def take(self, queue: str, count: int) -> list[HeldLetter]:
        found = await self._channel.get_queue(queue)
        taken: list[HeldLetter] = []
        while len(taken) < count and (message := await found.get(fail=False)) is not None:
            taken.append(message)
        return taken

    async def send(self, exchange: str, routing_key: str, letter: Outgoing) -> bool:
        """Mandatory with confirms: False when the broker returned it (no queue bound)."""
        target = await self._channel.declare_exchange(
            exchange, aio_pika.ExchangeType.DIRECT, durable=True
        )
        message = aio_pika.Message(
            letter.body,
            headers=letter.headers,
            content_type=letter.content_type,
            message_id=letter.message_id,
            correlation_id=letter.correlation_id,
            delivery_mode=aio_pika.DeliveryMode.PERSISTENT,
            user_id=letter.user_id,
        )
        return routed(await target.publish(message, routing_key=routing_key, mandatory=True))

    async def purge(self, queue: str) -> int:
        result = await (await self._channel.get_queue(queue)).purge()
        return int(result.message_count or 0)


class RabbitLetterBroker:
    """Over an aio-pika connection; reading without acking leaves messages where they were."""

    def __init__(self, connection: AbstractConnection) -> None:
        self._connection = connection
        url = getattr(connection, "url", None)
        self.user: str | None = str(url.user) if url is not None and url.user else None

    async def depth(self, queue: str) -> int | None:
        """Messages waiting, or None when the queue was never declared."""
        channel = await self._connection.channel()
        try:
            declared = await channel.declare_queue(queue, passive=True)
        except aio_pika.exceptions.ChannelClosed:
            return None
        count = declared.declaration_result.message_count
        await channel.close()
        return int(count or 0)

    @asynccontextmanager
    async def session(self) -> AsyncIterator[LetterSession]:
        """A channel with publisher confirms; closing it returns every unacked message."""
        channel = await self._connection.channel(publisher_confirms=True)
        try:
            yield _RabbitSession(channel)
        finally:
            await channel.close()


@dataclass
class MemoryLetter:
    """A message in the twin's queue."""

    body: bytes
    headers: dict[str, Any] = field(default_factory=dict)
    content_type: str | None = None
    message_id: str | None = None
    correlation_id: str | None = None
    acked: bool = False

    async def ack(self) -> None:
        self.acked = True


@dataclass
class MemoryLetterBroker:
    """Queues by name; `bound` holds the replay keys a queue is bound for (others come back)."""

    queues: dict[str, list[MemoryLetter]] = field(default_factory=dict)
    bound: set[str] = field(default_factory=set)
    sent: list[tuple[str, str, Outgoing]] = field(default_factory=list)
    user: str | None = "operator"

    async def depth(self, queue: str) -> int | None:
        return len(self.queues[queue]) if queue in self.queues else None

    @asynccontextmanager
    async def session(self) -> AsyncIterator[LetterSession]:
        session = _MemorySession(self)
        try:
            yield session
        finally:  # unacked letters return to the end of their queue, as a quorum queue does
            for queue, letter in session.held:
                if not letter.acked:
                    self.queues[queue].append(letter)


class _MemorySession:
    def __init__(self, broker: MemoryLetterBroker) -> None:
        self._broker = broker
        self.held: list[tuple[str, MemoryLetter]] = []

    async def take(self, queue: str, count: int) -> list[HeldLetter]:
        waiting = self._broker.queues[queue]
        taken, self._broker.queues[queue] = waiting[:count], waiting[count:]
        self.held.extend((queue, letter) for letter in taken)
        return list(taken)

    async def send(self, exchange: str, routing_key: str, letter: Outgoing) -> bool:
        if routing_key not in self._broker.bound:
            return False
        self._broker.sent.append((exchange, routing_key, letter))
        return True

    async def purge(self, queue: str) -> int:
        dropped = len(self._broker.queues.get(queue, ()))
        self._broker.queues[queue] = []
        return dropped
