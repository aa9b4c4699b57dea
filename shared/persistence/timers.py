"""Durable timers in MongoDB: they survive restarts and fire once, even with two replicas."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any, ClassVar

from shared.contracts.base import EventData
from shared.contracts.envelope import CloudEvent
from shared.persistence.indexes import IndexSpec
from shared.persistence.ports import (
    CANCELLED,
    FIRED,
    PENDING,
    POISON_AFTER,
    POISONED,
    Timer,
)
from shared.persistence.repository import AggregateRepository, Change, ConcurrencyConflict, Stored
from shared.persistence.timer_poller import TimerPoller

__all__ = [
    "CANCELLED",
    "FIRED",
    "PENDING",
    "POISONED",
    "POISON_AFTER",
    "Timer",
    "TimerPoller",
    "TimerRepository",
]

RETRY_BASE = dt.timedelta(seconds=5)
RETRY_MAX = dt.timedelta(hours=1)


class TimerRepository(AggregateRepository[Timer]):
    """One document per timer key; the poll reads pending timers by due time, O(due) per poll."""

    collection_name = "timers"
    state_model = Timer
    expires = True
    indexes: ClassVar[tuple[IndexSpec, ...]] = (
        IndexSpec((("status", 1), ("due_at", 1)), "status_due_at"),
        IndexSpec((("case_id", 1), ("status", 1)), "case_status"),
    )

    def retained_from(self, state: Timer) -> dt.datetime | None:
        """A fired timer ages from when it fired, a cancelled one from when it was due."""
        if state.status == FIRED:
            return state.fired_at or state.due_at
        return state.due_at if state.status == CANCELLED else None

    async def schedule(self, key: str, timer: Timer) -> None:
        """Set or replace the timer under this key (a reschedule supersedes the old time)."""
        await self.apply(key, lambda _current: Change(timer))

    async def cancel(self, key: str) -> bool:
        """Cancel a pending timer; True when there was one."""

        def decide(current: Timer | None) -> Change[Timer] | None:
            if current is None or current.status != PENDING:
                return None
            return Change(current.model_copy(update={"status": CANCELLED}))

        return (await self.apply(key, decide)).changed

    async def due(self, now: dt.datetime, limit: int = 100) -> list[Stored[Timer]]:
        """Pending timers whose time has come, earliest first."""
        return await self.find(
            {"status": PENDING, "due_at": {"$lte": now}}, sort=[("due_at", 1)], limit=limit
        )

    async def next_due(self) -> dt.datetime | None:
        """When the earliest pending timer is due (the poller sleeps until then); None: none."""
        found = await self.find({"status": PENDING}, sort=[("due_at", 1)], limit=1)
        return found[0].state.due_at if found else None

    async def fire(
        self, stored: Stored[Timer], now: dt.datetime, events: Sequence[CloudEvent[EventData]] = ()
    ) -> bool:
        """Mark fired and owe its events in one guarded write; False when another replica won."""
        fired = stored.state.model_copy(update={"status": FIRED, "fired_at": now})
        try:
            await self.update(stored, Change(fired, events))
        except ConcurrencyConflict:
            return False
        return True

    async def postpone(self, stored: Stored[Timer], until: dt.datetime) -> Stored[Timer] | None:
        """Claim a timer for side-effecting work: if the worker dies, it fires again at `until`."""
        later = stored.state.model_copy(update={"due_at": until})
        try:
            return await self.update(stored, Change(later))
        except ConcurrencyConflict:
            return None

    async def failed(
        self, key: str, reason: str, now: dt.datetime, poison_after: int = POISON_AFTER
    ) -> bool:
        """Its handling raised: due again after a backoff (off the head of the poll), or set
        aside as poisoned after `poison_after` failures; True when it was set aside now."""

        def decide(current: Timer | None) -> Change[Timer] | None:
            if current is None or current.status != PENDING:
                return None
            failures = current.failures + 1
            if failures >= poison_after:
                update: dict[str, Any] = {"status": POISONED}
            else:
                update = {"due_at": now + min(RETRY_BASE * 2 ** (failures - 1), RETRY_MAX)}
            return Change(
                current.model_copy(update={**update, "failures": failures, "last_error": reason})
            )

        applied = await self.apply(key, decide)
        return applied.changed and applied.state is not None and applied.state.status == POISONED

    async def poisoned(self, limit: int = 500) -> list[Stored[Timer]]:
        """Timers set aside because their handling kept failing, oldest due first."""
        return await self.find({"status": POISONED}, sort=[("due_at", 1)], limit=limit)

    async def replay(self, key: str, now: dt.datetime) -> bool:
        """Arm a poisoned timer again, due now, its failures forgotten; False when not poisoned."""

        def decide(current: Timer | None) -> Change[Timer] | None:
            if current is None or current.status != POISONED:
                return None
            again = {"status": PENDING, "due_at": now, "failures": 0}
            return Change(current.model_copy(update=again))

        return (await self.apply(key, decide)).changed
