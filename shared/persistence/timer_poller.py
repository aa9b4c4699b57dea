"""The timer poller: it queries when a timer is due, not every second (README, "Timers").

After each poll it knows the earliest pending due time and sleeps until then. A timer this
process arms earlier wakes it at once (the store tells it of every write); one armed by another
process (a replica, the CLI, the staff console) is found by the one query for the next due time
it makes at least every `max_sleep_seconds`. Between queries it only looks at the clock, every
`interval_seconds`, so a clock a test moves (or a stepped wall clock) is followed: a due time
the jump passed fires at once, and a forward jump also looks for the next due time, for timers
armed elsewhere that the jump made due.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from shared.clock import Clock
from shared.persistence.aggregate import Stored
from shared.persistence.outage import QuietRetries, is_database_outage
from shared.persistence.ports import PENDING, POISON_AFTER, Timer, TimerStore
from shared.tasks import Background, stop_requested

log = logging.getLogger(__name__)

OnDue = Callable[[Stored[Timer]], Awaitable[None]]
MAX_SLEEP_SECONDS = 30.0
JUMP_SECONDS = 1.0  # the clock ran this much further than the event loop's: it was moved
CATCH_UP_BATCHES = 10  # polls in a row on a backlog before a pause (never spin on failures)
# A sleep may end a hair before it was due (asyncio wakes a callback up to its clock's
# resolution early, and float sums round): a remainder this small counts as slept, instead of
# a sleep too short to move the clock (a test's virtual clock near a power of two never did).
WAKE_TOLERANCE_SECONDS = 1e-6


def _earliest(a: dt.datetime | None, b: dt.datetime | None) -> dt.datetime | None:
    return b if a is None else a if b is None else min(a, b)


class TimerPoller:
    """Hands each due timer to `on_due`; one failing timer never stops the rest: it is due
    again after a backoff, and after `poison_after` failures set aside as poisoned."""

    def __init__(
        self,
        timers: TimerStore,
        clock: Clock,
        on_due: OnDue,
        interval_seconds: float = 1.0,
        poison_after: int = POISON_AFTER,
        max_sleep_seconds: float = MAX_SLEEP_SECONDS,
    ) -> None:
        self._timers = timers
        self._poison_after = poison_after
        self._clock = clock
        self._on_due = on_due
        self._interval = interval_seconds
        self._max_sleep = max(max_sleep_seconds, interval_seconds)
        self._batch = 100
        self._background = Background("timer-poller")
        self._next: dt.datetime | None = None  # earliest pending due time known here
        self._meanwhile: dt.datetime | None = None  # armed while a poll ran
        self._polling = False
        self._wake = asyncio.Event()
        timers.on_written(self._written)

    async def _written(self, _before: Any, after: Any) -> None:
        if isinstance(after, Timer) and after.status == PENDING:
            self.armed(after.due_at)

    def armed(self, due: dt.datetime) -> None:
        """A timer was armed in this process: wake now when it is due before the one waited for."""
        if self._polling:
            self._meanwhile = _earliest(self._meanwhile, due)
        if self._next is None or due < self._next:
            self._next = due
            self._wake.set()

    @property
    def next_due(self) -> dt.datetime | None:
        """The due time the poller waits for (None: nothing pending that it knows of)."""
        return self._next

    async def poll_once(self, limit: int = 100) -> int:
        """Handle what is due now and learn the next due time; returns how many were handed out."""
        now = self._clock.now()
        self._polling, self._meanwhile = True, None
        try:
            due = await self._timers.due(now, limit)
            early = None
            for stored in due:
                if stored.state.due_at > now:  # the stand-in's $lte can match early: not yet
                    early = _earliest(early, stored.state.due_at)
                    continue
                await self._hand_out(stored, now)
            if len(due) >= limit:
                upcoming: dt.datetime | None = now  # a backlog: more are due
            elif early is not None:
                upcoming = early
            else:
                upcoming = await self._timers.next_due()
            self._next = _earliest(upcoming, self._meanwhile)
        finally:
            self._polling = False
        return len(due)

    async def _hand_out(self, stored: Stored[Timer], now: dt.datetime) -> None:
        try:
            await self._on_due(stored)
        except Exception as exc:
            if is_database_outage(exc):  # not the timer's fault: it stays due as it is
                raise
            log.exception("timer handling failed", extra={"timer_kind": stored.state.kind})
            await self._set_back(stored, exc, now)

    async def _set_back(self, stored: Stored[Timer], exc: Exception, now: dt.datetime) -> None:
        """Move a failed timer off the head of the poll; poisoned ones wait for a replay."""
        reason = f"{type(exc).__name__}: {exc}"[:300]
        if await self._timers.failed(stored.id, reason, now, self._poison_after):
            log.error(
                "timer set aside as poisoned",
                extra={"timer_kind": stored.state.kind, "alert": True},
            )

    async def _peek(self) -> bool:
        """One query for the earliest pending due time; True when it has come (then poll)."""
        now = self._clock.now()
        self._polling, self._meanwhile = True, None
        try:
            self._next = _earliest(await self._timers.next_due(), self._meanwhile)
        finally:
            self._polling = False
        return self._next is not None and self._next <= now

    async def _run(self) -> None:
        retries = QuietRetries(log, "timer poll")
        loop = asyncio.get_running_loop()
        poll = True  # at the start: whatever came due while the service was down
        while not stop_requested():
            queried_at = loop.time()
            try:
                if poll or await self._peek():
                    for _ in range(CATCH_UP_BATCHES):
                        if await self.poll_once(self._batch) < self._batch:
                            break
                retries.succeeded()
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # database away: due timers stay pending, fired when back
                retries.failed(exc)
                self._next = self._clock.now()  # try again after one interval
            poll = await self._until_due(queried_at)

    async def _until_due(self, queried_at: float) -> bool:
        """Sleep until a query is worth making, at least one interval after the last one; True:
        a timer is due (poll), False: the clock jumped or the max sleep passed (peek first)."""
        loop = asyncio.get_running_loop()
        seen_loop, seen_clock, jumped = loop.time(), self._clock.now(), False
        while not stop_requested():
            at, now = loop.time(), self._clock.now()
            jumped = jumped or (now - seen_clock).total_seconds() - (at - seen_loop) > JUMP_SECONDS
            seen_loop, seen_clock = at, now
            since = at - queried_at
            due = self._next is not None and now >= self._next
            if jumped or due or since >= self._max_sleep - WAKE_TOLERANCE_SECONDS:
                if since >= self._interval - WAKE_TOLERANCE_SECONDS:
                    return due
                pause = self._interval - since
            else:
                pause = min(self._interval, self._max_sleep - since)
                if self._next is not None:
                    pause = min(pause, (self._next - now).total_seconds())
            self._wake.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), max(pause, 0.0))
        return False

    async def start(self) -> None:
        """Poll in the background of the service's event loop."""
        self._background.start(self._run)

    async def stop(self) -> None:
        """Stop polling."""
        await self._background.stop()
