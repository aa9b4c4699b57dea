"""Durable timers in MongoDB: they survive restarts and fire once, even with two replicas."""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections.abc import Awaitable, Callable, Sequence
from typing import Any, ClassVar

from shared.clock import Clock
from shared.contracts.base import EventData
from shared.contracts.envelope import CloudEvent
from shared.persistence.indexes import IndexSpec
from shared.persistence.outage import QuietRetries, is_database_outage
from shared.persistence.ports import (
    CANCELLED,
    FIRED,
    PENDING,
    POISON_AFTER,
    POISONED,
    Timer,
    TimerStore,
)
from shared.persistence.repository import AggregateRepository, Change, ConcurrencyConflict, Stored
from shared.tasks import Background, stop_requested

log = logging.getLogger(__name__)

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


OnDue = Callable[[Stored[Timer]], Awaitable[None]]


class TimerPoller:
    """Polls for due timers and hands each to `on_due`; one failing timer never stops the rest:
    it is due again after a backoff, and after `poison_after` failures set aside as poisoned."""

    def __init__(
        self,
        timers: TimerStore,
        clock: Clock,
        on_due: OnDue,
        interval_seconds: float = 1.0,
        poison_after: int = POISON_AFTER,
    ) -> None:
        self._timers = timers
        self._poison_after = poison_after
        self._clock = clock
        self._on_due = on_due
        self._interval = interval_seconds
        self._batch = 100
        self._background = Background("timer-poller")

    async def poll_once(self, limit: int = 100) -> int:
        """Handle what is due now; returns how many timers were handed out."""
        now = self._clock.now()
        due = await self._timers.due(now, limit)
        for stored in due:
            if stored.state.due_at > now:  # the stand-in's $lte can match early: never fire early
                continue
            try:
                await self._on_due(stored)
            except Exception as exc:
                if is_database_outage(exc):  # not the timer's fault: it stays due as it is
                    raise
                log.exception("timer handling failed", extra={"timer_kind": stored.state.kind})
                await self._set_back(stored, exc, now)
        return len(due)

    async def _set_back(self, stored: Stored[Timer], exc: Exception, now: dt.datetime) -> None:
        """Move a failed timer off the head of the poll; poisoned ones wait for a replay."""
        reason = f"{type(exc).__name__}: {exc}"[:300]
        if await self._timers.failed(stored.id, reason, now, self._poison_after):
            log.error(
                "timer set aside as poisoned",
                extra={"timer_kind": stored.state.kind, "alert": True},
            )

    async def _run(self) -> None:
        retries = QuietRetries(log, "timer poll")
        while not stop_requested():
            try:
                for _ in range(10):  # catch up on a backlog, but never spin on failing timers
                    if await self.poll_once(self._batch) < self._batch:
                        break
                retries.succeeded()
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # database away: due timers stay pending, fired when back
                retries.failed(exc)
            await asyncio.sleep(self._interval)

    async def start(self) -> None:
        """Poll in the background of the service's event loop."""
        self._background.start(self._run)

    async def stop(self) -> None:
        """Stop polling."""
        await self._background.stop()
