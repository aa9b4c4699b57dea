"""Everything set aside after failing (owed events, timers), read and replayed in one place.

The CLI reads every service's database with it; each service serves its own through its staff
API (`shared/set_aside_api.py`), which the console calls: no page reads another's database.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from pymongo.asynchronous.database import AsyncDatabase

from shared.messaging.poisoned_events import PoisonedEvents
from shared.persistence.mongo import Document
from shared.persistence.timers import TimerRepository
from shared.set_aside_wording import ReplayOutcome, explanation

Databases = Callable[[str], AsyncDatabase[Document]]


@dataclass(frozen=True)
class SetAside:
    """One event or timer that failed too often, with why; `key` replays it."""

    service: str
    kind: str  # "event" or "timer"
    key: str
    what: str  # the routing key, or the timer's kind
    failures: int
    reason: str  # the technical message, for operators

    @property
    def explanation(self) -> str:
        """The reason in Dutch, for staff."""
        return explanation(self.kind, self.reason, self.failures)


async def set_aside_in(service: str, database: AsyncDatabase[Document]) -> list[SetAside]:
    """One service's set-aside events and timers (its own database)."""
    found: list[SetAside] = []
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


async def set_aside(databases: Databases, services: Sequence[str]) -> list[SetAside]:
    """Every service's set-aside events and timers."""
    found: list[SetAside] = []
    for service in services:
        found.extend(await set_aside_in(service, databases(service)))
    return found


async def replay_set_aside(
    database: AsyncDatabase[Document], key: str, now: dt.datetime
) -> ReplayOutcome:
    """Owe the event again, or arm the timer again; why not when it was not done."""
    outcome = await PoisonedEvents(database).replay(key, now)
    if outcome is not ReplayOutcome.NOT_SET_ASIDE:
        return outcome
    if await TimerRepository(database).replay(key, now):
        return ReplayOutcome.DONE
    return ReplayOutcome.NOT_SET_ASIDE
