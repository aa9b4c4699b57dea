"""Each service's dead-letter queue, read and replayed by staff; a thin layer over aio-pika."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

import aio_pika
from aio_pika.abc import AbstractIncomingMessage
from aio_pika.exceptions import AMQPError

from shared.messaging.dead_letters import (
    AT_HEADER,
    ATTEMPTS_HEADER,
    REASON_HEADER,
    ROUTING_KEY_HEADER,
)
from shared.messaging.topology import Topology

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


def letter_key(body: bytes) -> str:
    """The CloudEvent id when the body has one, else a digest: what the replay button names."""
    try:
        parsed: Any = json.loads(body)
    except ValueError:
        parsed = None
    if isinstance(parsed, dict) and isinstance(parsed.get("id"), str) and parsed["id"]:
        return str(parsed["id"])
    return "sha256-" + hashlib.sha256(body).hexdigest()[:24]


def _letter(service: str, message: AbstractIncomingMessage) -> DeadLetter:
    headers = message.headers or {}
    return DeadLetter(
        service=service,
        key=letter_key(message.body),
        routing_key=str(headers.get(ROUTING_KEY_HEADER) or message.routing_key or ""),
        reason=str(headers.get(REASON_HEADER) or "onbekend (geen reden meegegeven)"),
        attempts=str(headers.get(ATTEMPTS_HEADER, "")),
        at=str(headers.get(AT_HEADER, "")),
        preview=message.body[:300].decode("utf-8", "replace"),
    )


class DeadLetterBox(Protocol):
    """What the console's dead-letter page needs."""

    async def letters(self, service: str, limit: int = 50) -> Sequence[DeadLetter]: ...

    async def replay(self, service: str, key: str) -> bool: ...


class RabbitDeadLetterBox:
    """Reads by taking messages unacked and closing the channel (RabbitMQ puts them back)."""

    def __init__(self, url: str, topology: Topology) -> None:
        self._url = url
        self._topology = topology

    async def letters(self, service: str, limit: int = 50) -> Sequence[DeadLetter]:
        """Up to `limit` messages of the service's DLQ, left in place."""
        connection = await aio_pika.connect(self._url)
        try:
            channel = await connection.channel()
            try:
                queue = await channel.get_queue(self._topology.dead_letter_key(service))
            except AMQPError:
                return []  # the service never declared its DLQ: nothing to show
            found: list[DeadLetter] = []
            while len(found) < limit:
                message = await queue.get(no_ack=False, fail=False)
                if message is None:
                    break
                found.append(_letter(service, message))
            return found
        finally:
            await connection.close()

    async def replay(self, service: str, key: str) -> bool:
        """Re-publish the original body with its routing key (confirmed), then remove it."""
        connection = await aio_pika.connect(self._url)
        try:
            channel = await connection.channel(publisher_confirms=True)
            queue = await channel.get_queue(self._topology.dead_letter_key(service))
            exchange = await channel.get_exchange(self._topology.events.name)
            while (message := await queue.get(no_ack=False, fail=False)) is not None:
                if letter_key(message.body) != key:
                    continue
                routing_key = str((message.headers or {}).get(ROUTING_KEY_HEADER) or "")
                replayed = aio_pika.Message(
                    message.body,
                    content_type=message.content_type,
                    message_id=message.message_id,
                    delivery_mode=aio_pika.DeliveryMode.PERSISTENT,
                )
                await exchange.publish(replayed, routing_key=routing_key)
                await message.ack()
                return True
            return False
        finally:
            await connection.close()


class FakeDeadLetterBox:
    """Letters per service in memory; `replayed` records what was sent back."""

    def __init__(self, letters: Sequence[DeadLetter] = ()) -> None:
        self.stored = list(letters)
        self.replayed: list[tuple[str, str]] = []

    async def letters(self, service: str, limit: int = 50) -> Sequence[DeadLetter]:
        return [letter for letter in self.stored if letter.service == service][:limit]

    async def replay(self, service: str, key: str) -> bool:
        match = [x for x in self.stored if x.service == service and x.key == key]
        if not match:
            return False
        self.stored.remove(match[0])
        self.replayed.append((service, key))
        return True
