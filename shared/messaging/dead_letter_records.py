"""A dead letter as operators and staff read it: which event, why, when; and what a replay did."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from shared.messaging.dead_letters import (
    AT_HEADER,
    ATTEMPTS_HEADER,
    REASON_HEADER,
    ROUTING_KEY_HEADER,
)
from shared.messaging.letter_broker import HeldLetter

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
            "at": str(self.headers.get(AT_HEADER, "")),
        }

    def listed(self, service: str) -> ListedLetter:
        """As the console's page shows it: the reason in full, the body's start."""
        return ListedLetter(
            service=service,
            key=self.key,
            routing_key=self.routing_key,
            reason=self.reason,
            attempts=str(self.headers.get(ATTEMPTS_HEADER, "")),
            at=str(self.headers.get(AT_HEADER, "")),
            preview=self.body[:300].decode("utf-8", "replace"),
        )


@dataclass(frozen=True)
class ListedLetter:
    """One message that a service gave up on, with the reason it recorded (a page's row)."""

    service: str
    key: str
    routing_key: str
    reason: str
    attempts: str
    at: str
    preview: str


class Replayed(Enum):
    """How a replay of one letter went: sent back, returned by the broker (kept), or no such."""

    DONE = "done"
    UNROUTABLE = "unroutable"
    MISSING = "missing"


@dataclass
class Replay:
    """What a replay did: the letters sent back, and those the broker returned (no queue is
    bound for the service on the replay exchange), which stay in the DLQ."""

    replayed: list[DeadLetter] = field(default_factory=list)
    unroutable: list[DeadLetter] = field(default_factory=list)
    replay_key: str = ""

    @property
    def outcome(self) -> Replayed:
        """One word for a page: any letter returned is the news, then whether one went."""
        if self.unroutable:
            return Replayed.UNROUTABLE
        return Replayed.DONE if self.replayed else Replayed.MISSING


def original_routing_key(headers: Mapping[str, Any]) -> str:
    """Our sink's header, else the first routing key RabbitMQ recorded in `x-death`."""
    if key := headers.get(ROUTING_KEY_HEADER):
        return str(key)
    for death in headers.get("x-death") or []:
        keys = death.get("routing-keys") or [] if isinstance(death, dict) else []
        if keys:
            return str(keys[0])
    return ""


def _reason(headers: Mapping[str, Any]) -> str:
    if reason := headers.get(REASON_HEADER):
        return str(reason)
    for death in headers.get("x-death") or []:
        if isinstance(death, dict) and death.get("reason"):
            return f"rabbitmq: {death['reason']}"
    return "(no reason recorded)"


def dead_lettered_at(headers: Mapping[str, Any]) -> dt.datetime:
    """When it was dead-lettered: positions follow this, not the queue's (reordering) order."""
    try:
        if at := headers.get(AT_HEADER):
            return dt.datetime.fromisoformat(str(at))
    except ValueError:
        pass
    for death in headers.get("x-death") or []:
        if isinstance(death, dict) and isinstance(death.get("time"), dt.datetime):
            moment: dt.datetime = death["time"]
            return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)
    return dt.datetime.min.replace(tzinfo=dt.UTC)


def as_dead_letter(position: int, message: HeldLetter) -> DeadLetter:
    """Read the reason and the original routing key from the headers."""
    headers = dict(message.headers or {})
    return DeadLetter(
        position, original_routing_key(headers), _reason(headers), headers, message.body
    )
