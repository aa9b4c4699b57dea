"""Dead letters for operators and staff: why a message failed, replay it once fixed, or drop it.

The one module the console and the CLI both use. A replay goes through the direct
`samenspel.replay` exchange to the one service whose DLQ held the letter (its queue is bound
there by its own name), never back onto the topic exchange where every consumer of that key
would get it again; it is published mandatory with confirms, and a letter the broker returns
or does not confirm stays in the DLQ.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

import aio_pika
from aio_pika.abc import AbstractChannel, AbstractIncomingMessage, AbstractRobustConnection

from shared.messaging.dead_letters import REASON_HEADER, ROUTING_KEY_HEADER
from shared.messaging.publish_channel import routed
from shared.messaging.topology import Topology

SERVICES = ("intake", "scheduling", "documents", "notifications")
REPLAYED_HEADER = "x-samenspel-replayed"


@dataclass(frozen=True)
class DeadLetter:
    """One message in a DLQ, as an operator needs to see it."""

    position: int
    routing_key: str
    reason: str
    headers: dict[str, Any]
    body: bytes

    @property
    def key(self) -> str:
        """The CloudEvent id when the body has one, else a digest of the body: a stable name."""
        event_id = self.summary()["id"]
        if event_id not in ("?", ""):
            return event_id
        return "sha256-" + hashlib.sha256(self.body).hexdigest()[:24]

    def matches(self, selector: str) -> bool:
        """An operator names a dead letter by its position, its event id or its key."""
        return selector in (str(self.position), self.key)

    def summary(self) -> dict[str, str]:
        """The table row: which event, why, when."""
        event_type, event_id = "?", "?"
        try:
            parsed = json.loads(self.body)
            if isinstance(parsed, dict):
                event_type = str(parsed.get("type", "?"))
                event_id = str(parsed.get("id", "?"))
        except ValueError:
            event_type = "(not JSON)"
        return {
            "n": str(self.position),
            "routing key": self.routing_key,
            "type": event_type,
            "id": event_id,
            "reason": self.reason[:120],
            "at": str(self.headers.get("x-samenspel-dead-lettered-at", "")),
        }


@dataclass
class Replay:
    """What a replay did: the letters sent back, and those the broker returned (no queue is
    bound for the service on the replay exchange), which stay in the DLQ."""

    replayed: list[DeadLetter] = field(default_factory=list)
    unroutable: list[DeadLetter] = field(default_factory=list)
    replay_key: str = ""


def original_routing_key(headers: dict[str, Any]) -> str:
    """Our sink's header, else the first routing key RabbitMQ recorded in `x-death`."""
    if key := headers.get(ROUTING_KEY_HEADER):
        return str(key)
    for death in headers.get("x-death") or []:
        keys = death.get("routing-keys") or [] if isinstance(death, dict) else []
        if keys:
            return str(keys[0])
    return ""


def _reason(headers: dict[str, Any]) -> str:
    if reason := headers.get(REASON_HEADER):
        return str(reason)
    for death in headers.get("x-death") or []:
        if isinstance(death, dict) and death.get("reason"):
            return f"rabbitmq: {death['reason']}"
    return "(no reason recorded)"


def dead_lettered_at(headers: dict[str, Any]) -> dt.datetime:
    """When it was dead-lettered: positions follow this, not the queue's (reordering) order."""
    try:
        if at := headers.get("x-samenspel-dead-lettered-at"):
            return dt.datetime.fromisoformat(str(at))
    except ValueError:
        pass
    for death in headers.get("x-death") or []:
        if isinstance(death, dict) and isinstance(death.get("time"), dt.datetime):
            moment: dt.datetime = death["time"]
            return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)
    return dt.datetime.min.replace(tzinfo=dt.UTC)


def as_dead_letter(position: int, message: AbstractIncomingMessage) -> DeadLetter:
    """Read the reason and the original routing key from the headers."""
    headers = dict(message.headers or {})
    return DeadLetter(
        position, original_routing_key(headers), _reason(headers), headers, message.body
    )


class DeadLetterQueues:
    """Operations on `<service>.dlq`; reading without acking leaves messages where they were."""

    def __init__(self, connection: AbstractRobustConnection, topology: Topology) -> None:
        self._connection = connection
        self._topology = topology

    async def depth(self, service: str) -> int | None:
        """Messages waiting, or None when the service's DLQ was never declared."""
        channel = await self._connection.channel()
        try:
            queue = await channel.declare_queue(
                self._topology.dead_letter_key(service), passive=True
            )
        except aio_pika.exceptions.ChannelClosed:
            return None
        count = queue.declaration_result.message_count
        await channel.close()
        return int(count or 0)

    async def _take_all(
        self, channel: AbstractChannel, service: str
    ) -> list[tuple[DeadLetter, AbstractIncomingMessage]]:
        """Every message, unacked, numbered by dead-letter time: a quorum queue reorders returns."""
        depth = await self.depth(service) or 0
        queue = await channel.get_queue(self._topology.dead_letter_key(service))
        taken: list[AbstractIncomingMessage] = []
        while len(taken) < depth and (message := await queue.get(fail=False)) is not None:
            taken.append(message)
        ordered = sorted(
            enumerate(taken), key=lambda item: (dead_lettered_at(dict(item[1].headers)), item[0])
        )
        return [(as_dead_letter(i, m), m) for i, (_, m) in enumerate(ordered, start=1)]

    async def peek(self, service: str) -> list[DeadLetter]:
        """Every dead letter, numbered; closing the channel unacked puts them back."""
        channel = await self._connection.channel()
        try:
            return [letter for letter, _ in await self._take_all(channel, service)]
        finally:
            await channel.close()

    async def replay(self, service: str, selector: str | None) -> Replay:
        """Re-publish to the service's own queue, then ack; selector = position or event id.

        None replays all. A letter is acked only once the broker confirmed it was routed; one
        the broker returned is reported in `unroutable` and stays.
        """
        channel = await self._connection.channel(publisher_confirms=True)
        replay = await channel.declare_exchange(
            self._topology.replay_exchange, aio_pika.ExchangeType.DIRECT, durable=True
        )
        done = Replay(replay_key=self._topology.replay_key(service))
        try:
            for letter, message in await self._take_all(channel, service):
                if selector is not None and not letter.matches(selector):
                    continue
                confirmation = await replay.publish(
                    self._republished(message, letter.routing_key, self._user()),
                    routing_key=done.replay_key,
                    mandatory=True,
                )
                if not routed(confirmation):
                    done.unroutable.append(letter)  # returned: the letter stays
                    continue
                await message.ack()
                done.replayed.append(letter)
        finally:
            await channel.close()
        return done

    def _user(self) -> str | None:
        """The operator's broker user: the replay carries it as `user_id`, vouched by RabbitMQ."""
        url = getattr(self._connection, "url", None)
        return str(url.user) if url is not None and url.user else None

    @staticmethod
    def _republished(
        message: AbstractIncomingMessage, routing_key: str, user_id: str | None
    ) -> aio_pika.Message:
        headers = {
            key: value
            for key, value in (message.headers or {}).items()
            if not key.startswith("x-samenspel-") and key not in ("x-death", "x-delivery-count")
        }
        headers[REPLAYED_HEADER] = dt.datetime.now(dt.UTC).isoformat()
        if routing_key:  # the consumer reads the event's key from here, not the replay key
            headers[ROUTING_KEY_HEADER] = routing_key
        return aio_pika.Message(
            message.body,
            headers=headers,
            content_type=message.content_type,
            message_id=message.message_id,
            correlation_id=message.correlation_id,
            delivery_mode=aio_pika.DeliveryMode.PERSISTENT,
            user_id=user_id,
        )

    async def purge(self, service: str) -> int:
        """Drop every dead letter of a service; returns how many."""
        channel = await self._connection.channel()
        try:
            queue = await channel.get_queue(self._topology.dead_letter_key(service))
            result = await queue.purge()
            return int(result.message_count or 0)
        finally:
            await channel.close()
