"""Retention: records that have served their purpose go at `expire_at`, by TTL index and sweep.

The repository writes `expire_at` (a real BSON date, top level, whole-document replace) once
the state says from when it is kept (`AggregateRepository.retained_from`). MongoDB's TTL
monitor deletes by the server's clock; the sweeper deletes by the service's clock, so a test
that moves time sees records go, and a server without TTL (or with it off) still forgets them.
nx-27017 0.8.1 honours TTL indexes (checked: a past `expire_at` is gone at the next read).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections.abc import Awaitable, Callable, Sequence

from shared.clock import Clock
from shared.persistence.indexes import IndexSpec
from shared.persistence.outage import QuietRetries
from shared.tasks import Background, stop_requested

log = logging.getLogger(__name__)

EXPIRE_AT = "expire_at"
EXPIRY_INDEX = IndexSpec(((EXPIRE_AT, 1),), "expire_at_ttl", expire_after_seconds=0)
DEFAULT_RETENTION = dt.timedelta(days=180)
Sweep = Callable[[dt.datetime], Awaitable[int]]


class Sweeper:
    """Deletes what expired by the service's clock, every `interval_seconds`, on every replica."""

    def __init__(self, clock: Clock, interval_seconds: float = 300.0) -> None:
        self._clock = clock
        self._interval = interval_seconds
        self._sweeps: list[tuple[str, Sweep]] = []
        self._background = Background("retention-sweeper")

    def watch(self, name: str, sweep: Sweep) -> None:
        """One more collection (or GridFS bucket) to sweep."""
        self._sweeps.append((name, sweep))

    @property
    def names(self) -> Sequence[str]:
        """What is swept, for the README's and the tests' sake."""
        return [name for name, _ in self._sweeps]

    async def sweep_once(self) -> dict[str, int]:
        """Sweep everything once; how many records went, by collection."""
        now = self._clock.now()
        removed: dict[str, int] = {}
        for name, sweep in self._sweeps:
            removed[name] = await sweep(now)
        if any(removed.values()):
            log.info("expired records removed", extra={"removed": removed})
        return removed

    async def _run(self) -> None:
        retries = QuietRetries(log, "retention sweep")
        while not stop_requested():
            try:
                await self.sweep_once()
                retries.succeeded()
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # database away: nothing is lost by sweeping later
                retries.failed(exc)
            await asyncio.sleep(self._interval)

    async def start(self) -> None:
        """Sweep in the background of the service's event loop."""
        if self._sweeps:
            self._background.start(self._run)

    async def stop(self) -> None:
        """Stop sweeping."""
        await self._background.stop()
