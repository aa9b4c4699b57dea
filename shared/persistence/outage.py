"""Whether the database is away, so work waits for it instead of failing or being parked.

A database that does not answer is an outage, not a bad message: nothing that fails for that
reason may count toward a delivery limit. Every wait here pings under the client's own timeouts
and is never cancelled (a PyMongo call cancelled while the server is away can wedge the client).
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable

from pymongo.errors import ConnectionFailure, ExecutionTimeout, PyMongoError, WTimeoutError

log = logging.getLogger(__name__)

Ping = Callable[[], Awaitable[object]]
KNOWN_DOWN_WAIT_SECONDS = 0.2


def is_database_outage(error: BaseException) -> bool:
    """Unreachable, no primary, a lost connection or a timed-out operation: wait and retry."""
    if isinstance(error, ConnectionFailure | ExecutionTimeout | WTimeoutError):
        return True
    return isinstance(error, PyMongoError) and error.timeout


class DatabaseWatch:
    """One per process: marked down by any call that met an outage, up again by a ping."""

    def __init__(self, ping: Ping, *, retry_seconds: float = 1.0) -> None:
        self._ping = ping
        self._retry_seconds = retry_seconds
        self._down_since: float | None = None
        self._up_since = time.monotonic()
        self._probe: asyncio.Task[bool] | None = None
        self._probe_began = 0.0

    @property
    def down(self) -> bool:
        """True from the first failed call until a ping answers again."""
        return self._down_since is not None

    def up_for_seconds(self) -> float:
        """How long the database has answered since it was last away (0 while it is away)."""
        return 0.0 if self.down else time.monotonic() - self._up_since

    def probe_running_seconds(self) -> float:
        """How long the ping in flight has run: far past the client's timeouts means wedged."""
        if self._probe is None or self._probe.done():
            return 0.0
        return time.monotonic() - self._probe_began

    @property
    def retry_seconds(self) -> float:
        """The pause between pings while the database is away."""
        return self._retry_seconds

    def mark_down(self, error: BaseException) -> None:
        """Note an outage once (a decision worth a log line), not once per failing call."""
        if self._down_since is None:
            self._down_since = time.monotonic()
            log.warning(
                "database unreachable; new work waits until it is back",
                extra={"error": f"{type(error).__name__}: {str(error)[:200]}"},
            )

    def _mark_up(self) -> None:
        if self._down_since is not None:
            away = time.monotonic() - self._down_since
            self._down_since = None
            self._up_since = time.monotonic()
            log.warning("database reachable again; work resumes", extra={"away_seconds": away})

    async def probe(self, within_seconds: float) -> bool:
        """Ping, but answer within the given time: a slow ping counts as down and runs on."""
        if self._probe is None or self._probe.done():
            self._probe = asyncio.create_task(self._ping_once(), name="database-probe")
            self._probe_began = time.monotonic()
        if self.down:  # known away: a database that is back answers a ping in milliseconds
            within_seconds = min(within_seconds, KNOWN_DOWN_WAIT_SECONDS)
        done, _ = await asyncio.wait({self._probe}, timeout=within_seconds)  # never cancels it
        return bool(done) and self._probe.result()

    async def _ping_once(self) -> bool:
        try:
            await self._ping()
        except Exception as exc:
            self.mark_down(exc)
            return False
        self._mark_up()
        return True

    async def wait_until_up(self, deadline: float | None = None) -> bool:
        """Ping every `retry_seconds` until the database answers; False when `deadline` passed."""
        while self.down:
            if deadline is not None and time.monotonic() >= deadline:
                return False
            if await self.probe(within_seconds=3600):
                return True
            await asyncio.sleep(self._retry_seconds)
        return True


class QuietRetries:
    """For a background loop that retries on its own: one log line per outage, not per round."""

    def __init__(self, logger: logging.Logger, what: str) -> None:
        self._log = logger
        self._what = what
        self._away = False

    def failed(self, error: Exception) -> None:
        """Log a database outage once; any other failure every time, with its traceback."""
        if not is_database_outage(error):
            self._log.exception("%s failed; retrying", self._what)
        elif not self._away:
            self._away = True
            self._log.warning(
                "%s waits: database unreachable", self._what, extra={"error": type(error).__name__}
            )

    def succeeded(self) -> None:
        """A round went through: the next outage is news again."""
        if self._away:
            self._away = False
            self._log.warning("%s resumed", self._what)
