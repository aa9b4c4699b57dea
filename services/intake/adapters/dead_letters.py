"""Each service's dead-letter queue as the console's page reads and replays it.

No logic of its own: listing and replaying are `shared.messaging.dead_letter_queues`, the module
the CLI uses too; this port only opens the connection and keeps the page's view of a letter.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from typing import Protocol

import aio_pika

from shared.messaging.dead_letter_queues import (
    SERVICES,
    DeadLetterQueues,
    ListedLetter,
    Replayed,
    dead_letter_queues,
)
from shared.messaging.dead_letters import (
    AT_HEADER,
    ATTEMPTS_HEADER,
    REASON_HEADER,
    ROUTING_KEY_HEADER,
)
from shared.messaging.letter_broker import MemoryLetter, MemoryLetterBroker
from shared.messaging.topology import Topology
from shared.messaging.unroutable import UnroutableQueue

__all__ = ["SERVICES", "DeadLetter", "DeadLetterBox", "Replayed"]
DeadLetter = ListedLetter  # the page's row
Opened = Callable[[], AbstractAsyncContextManager[DeadLetterQueues]]


class DeadLetterBox(Protocol):
    """What the console's dead-letter page needs."""

    async def letters(self, service: str, limit: int = 50) -> Sequence[DeadLetter]: ...

    async def replay(self, service: str, key: str) -> Replayed: ...

    async def unroutable(self) -> dict[str, int] | None: ...


class QueueDeadLetterBox:
    """The shared dead-letter operations, each over queues opened for the call."""

    def __init__(self, opened: Opened) -> None:
        self._opened = opened

    async def letters(self, service: str, limit: int = 50) -> Sequence[DeadLetter]:
        """Up to `limit` messages of the service's DLQ, left in place."""
        async with self._opened() as queues:
            peeked = await queues.peek(service)
        return [letter.listed(service) for letter in peeked[:limit]]

    async def replay(self, service: str, key: str) -> Replayed:
        """Replay the letter with this event id (or position) to its service."""
        async with self._opened() as queues:
            return (await queues.replay(service, key)).outcome


class RabbitDeadLetterBox(QueueDeadLetterBox):
    """On the broker, as the operator user the settings name."""

    def __init__(self, url: str, topology: Topology) -> None:
        super().__init__(lambda: dead_letter_queues(url, topology))
        self._url = url
        self._topology = topology

    async def unroutable(self) -> dict[str, int] | None:
        """Events no queue was bound for, by routing key; None before any service declared it."""
        connection = await aio_pika.connect_robust(self._url)
        try:
            kept = UnroutableQueue(connection, self._topology)
            if await kept.depth() is None:
                return None
            return await kept.by_routing_key()
        finally:
            await connection.close()


def _held(letter: DeadLetter) -> MemoryLetter:
    """A page's row back as the message it came from (named by its key)."""
    try:
        body = json.loads(letter.preview)
    except ValueError:
        body = None
    if isinstance(body, dict):
        body.setdefault("id", letter.key)
    raw = letter.preview.encode() if body is None else json.dumps(body).encode()
    headers = {
        REASON_HEADER: letter.reason,
        ROUTING_KEY_HEADER: letter.routing_key,
        ATTEMPTS_HEADER: letter.attempts,
        AT_HEADER: letter.at,
    }
    return MemoryLetter(raw, headers)


class FakeDeadLetterBox(QueueDeadLetterBox):
    """The same operations on the in-memory broker twin; `replayed` records what went back,
    `unbound` names services whose queue is not bound (replays come back), `kept` the
    unroutable queue by routing key."""

    def __init__(self, letters: Sequence[DeadLetter] = ()) -> None:
        self.topology = Topology("fake.")
        self.broker = MemoryLetterBroker()
        for service in SERVICES:
            self.broker.queues[self.topology.dead_letter_key(service)] = [
                _held(letter) for letter in letters if letter.service == service
            ]
        super().__init__(self._open)
        self.replayed: list[tuple[str, str]] = []
        self.unbound: set[str] = set()
        self.kept: dict[str, int] = {}

    @asynccontextmanager
    async def _open(self) -> AsyncIterator[DeadLetterQueues]:
        self.broker.bound = {self.topology.replay_key(s) for s in SERVICES if s not in self.unbound}
        yield DeadLetterQueues(self.broker, self.topology)

    async def replay(self, service: str, key: str) -> Replayed:
        outcome = await super().replay(service, key)
        if outcome is Replayed.DONE:
            self.replayed.append((service, key))
        return outcome

    async def unroutable(self) -> dict[str, int] | None:
        return dict(self.kept)
