"""A process that can no longer do its work exits, so its supervisor starts a fresh one.

Every database call ends within the client's own timeouts (`timeoutMS`, server selection): a
ping that has run far past them is no outage but a wedged client (a PyMongo call cancelled while
the server was away can leave its topology lock held; README, "Long outages"). A client whose
pings keep failing (its pool's connections checked out for good, seen after a server restart as
`WaitQueueTimeoutError` for minutes) while a fresh client reaches the same server is broken the
same way. Likewise a message whose handling has run for a long time while the database answered
is stuck on something no retry inside the process will heal. Exiting is then the one way out:
the broker redelivers what the process held once its connection closes, and its leases run out.
"""

from __future__ import annotations

import asyncio
import logging
import os
import sys
import time
from collections.abc import Awaitable, Callable

from shared.messaging.handling import HandlingTasks
from shared.persistence.outage import DatabaseWatch
from shared.tasks import Background

log = logging.getLogger(__name__)
EXIT_STUCK = 70  # EX_SOFTWARE: a supervisor restarts the process (compose: unless-stopped)


def _exit_now(code: int) -> None:
    """No clean shutdown: it would wait on the very calls that are stuck."""
    logging.shutdown()
    sys.stdout.flush()
    os._exit(code)


class Watchdog:
    """Pings the database every `every_seconds` and looks at the oldest message in handling."""

    def __init__(
        self,
        database: DatabaseWatch,
        handling: HandlingTasks,
        *,
        every_seconds: float,
        wedged_after_seconds: float,
        stuck_after_seconds: float,
        fresh_ping: Callable[[], Awaitable[bool]] | None = None,
        exit_process: Callable[[int], None] = _exit_now,
    ) -> None:
        self._database = database
        self._handling = handling
        self._every = every_seconds
        self._wedged_after = wedged_after_seconds
        self._stuck_after = stuck_after_seconds
        self._fresh_ping = fresh_ping
        self._exit = exit_process
        self._background = Background("watchdog", 1.0)
        self._failing_since: float | None = None  # our client failed, a fresh one answered
        self._answering_since: float | None = None

    def start(self) -> None:
        """Run in the background until `stop`; off when `every_seconds` is 0."""
        if self._every > 0:
            self._background.start(self._run)

    async def stop(self) -> None:
        """At shutdown; a ping in flight is left to the client's close."""
        await self._background.stop()

    async def _run(self) -> None:
        while True:
            await asyncio.sleep(self._every)
            await self._look()
            if reason := self.stuck():
                log.error("process stuck; exiting so that it is restarted", extra={"why": reason})
                self._exit(EXIT_STUCK)
                return

    async def _look(self) -> None:
        """Ping through our client; when it fails, ask a fresh client whether the server is up."""
        now = time.monotonic()
        if await self._database.probe(within_seconds=self._every):  # never cancels the ping
            self._answering_since = self._answering_since or now
            if now - self._answering_since >= self._wedged_after / 2:
                self._failing_since = None  # answered steadily again: it was an outage
            return
        if self._database.probe_running_seconds() > 0 and not self._database.down:
            return  # slow but nothing failed (a busy pool): a ping past `wedged_after` still counts
        self._answering_since = None
        if self._fresh_ping is not None and await self._fresh_ping():
            self._failing_since = self._failing_since or now

    def stuck(self) -> str | None:
        """Why this process cannot go on, or None while it can."""
        pinging = self._database.probe_running_seconds()
        if pinging > self._wedged_after:
            return f"a database ping has not answered for {pinging:.0f} s: the client is wedged"
        if self._failing_since is not None:
            failing = time.monotonic() - self._failing_since
            if failing > self._wedged_after:
                return f"our database client has failed for {failing:.0f} s; a fresh one answers"
        # a message held through an outage resumes once the database is back: counted from then
        held = min(self._handling.oldest_seconds(), self._database.up_for_seconds())
        if held > self._stuck_after:
            return f"a message has been in handling for {held:.0f} s while the database answered"
        return None
