"""Everything set aside after failing (owed events, timers), read and replayed in one place."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from pymongo.asynchronous.database import AsyncDatabase

from shared.messaging.poisoned_events import PoisonedEvents
from shared.persistence.mongo import Document
from shared.persistence.timers import TimerRepository

Databases = Callable[[str], AsyncDatabase[Document]]


@dataclass(frozen=True)
class SetAside:
    """One event or timer that failed too often, with why; `key` replays it."""

    service: str
    kind: str  # "event" or "timer"
    key: str
    what: str  # the routing key, or the timer's kind
    failures: int
    reason: str


async def set_aside(databases: Databases, services: Sequence[str]) -> list[SetAside]:
    """Every service's set-aside events and timers."""
    found: list[SetAside] = []
    for service in services:
        database = databases(service)
        for event in await PoisonedEvents(database).poisoned():
            found.append(
                SetAside(
                    service, "event", str(event["_id"]), str(event.get("routing_key", "")),
                    int(event.get("failures", 0)), str(event.get("reason", "")),
                )
            )  # fmt: skip
        for timer in await TimerRepository(database).poisoned():
            t = timer.state
            found.append(SetAside(service, "timer", timer.id, t.kind, t.failures, t.last_error))
    return found


async def replay_set_aside(database: AsyncDatabase[Document], key: str, now: dt.datetime) -> bool:
    """Owe the event again, or arm the timer again; False when nothing is set aside as `key`."""
    if await PoisonedEvents(database).replay(key):
        return True
    return await TimerRepository(database).replay(key, now)
