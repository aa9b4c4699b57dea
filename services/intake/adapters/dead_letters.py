"""Each service's dead-letter queue, read and replayed by staff; a thin layer over aio-pika."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum
from typing import Protocol

import aio_pika
from aio_pika.exceptions import AMQPError

from shared.messaging.dead_letter_queues import DeadLetter as QueuedLetter
from shared.messaging.dead_letter_queues import DeadLetterQueues
from shared.messaging.dead_letters import ATTEMPTS_HEADER
from shared.messaging.topology import Topology
from shared.messaging.unroutable import UnroutableQueue

SERVICES = ("intake", "scheduling", "documents", "notifications")


@dataclass(frozen=True)
class DeadLetter:
    """One message that a service gave up on, with the reason it recorded."""

    service: str
    key: str
    routing_key: str
    reason: str
    attempts: str
    at: str
    preview: str


def _view(service: str, letter: QueuedLetter) -> DeadLetter:
    summary = letter.summary()
    return DeadLetter(
        service=service,
        key=letter.key,
        routing_key=letter.routing_key,
        reason=letter.reason,
        attempts=str(letter.headers.get(ATTEMPTS_HEADER, "")),
        at=summary["at"],
        preview=letter.body[:300].decode("utf-8", "replace"),
    )


class Replayed(Enum):
    """How a replay went: sent back, returned by the broker (kept), or no such letter."""

    DONE = "done"
    UNROUTABLE = "unroutable"
    MISSING = "missing"


class DeadLetterBox(Protocol):
    """What the console's dead-letter page needs."""

    async def letters(self, service: str, limit: int = 50) -> Sequence[DeadLetter]: ...

    async def replay(self, service: str, key: str) -> Replayed: ...

    async def unroutable(self) -> dict[str, int] | None: ...


class RabbitDeadLetterBox:
    """The console's view of the shared dead-letter module (the same one the CLI uses)."""

    def __init__(self, url: str, topology: Topology) -> None:
        self._url = url
        self._topology = topology

    async def letters(self, service: str, limit: int = 50) -> Sequence[DeadLetter]:
        """Up to `limit` messages of the service's DLQ, left in place."""
        connection = await aio_pika.connect_robust(self._url)
        try:
            peeked = await DeadLetterQueues(connection, self._topology).peek(service)
        except AMQPError:
            return []  # the service never declared its DLQ: nothing to show
        finally:
            await connection.close()
        return [_view(service, letter) for letter in peeked[:limit]]

    async def replay(self, service: str, key: str) -> Replayed:
        """Replay the letter with this event id (or position) to its service."""
        connection = await aio_pika.connect_robust(self._url)
        try:
            done = await DeadLetterQueues(connection, self._topology).replay(service, key)
        finally:
            await connection.close()
        if done.unroutable:
            return Replayed.UNROUTABLE
        return Replayed.DONE if done.replayed else Replayed.MISSING

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


class FakeDeadLetterBox:
    """Letters per service in memory; `replayed` records what was sent back."""

    def __init__(self, letters: Sequence[DeadLetter] = ()) -> None:
        self.stored = list(letters)
        self.replayed: list[tuple[str, str]] = []
        self.unbound: set[str] = set()  # services whose queue is not bound: replays come back
        self.kept: dict[str, int] = {}  # the unroutable queue, by routing key

    async def letters(self, service: str, limit: int = 50) -> Sequence[DeadLetter]:
        return [letter for letter in self.stored if letter.service == service][:limit]

    async def replay(self, service: str, key: str) -> Replayed:
        match = [x for x in self.stored if x.service == service and x.key == key]
        if not match:
            return Replayed.MISSING
        if service in self.unbound:
            return Replayed.UNROUTABLE
        self.stored.remove(match[0])
        self.replayed.append((service, key))
        return Replayed.DONE

    async def unroutable(self) -> dict[str, int] | None:
        return dict(self.kept)
