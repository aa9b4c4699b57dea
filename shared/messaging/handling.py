"""Each message is handled to the end, even when the broker connection drops meanwhile.

aiormq cancels every consumer task when its channel or connection closes, a task twice when the
whole connection goes (once for the channel, once for the connection). A handler cancelled twice
inside a PyMongo call while the database is away leaves the client's topology lock held
(PyMongo 4.20 async on Python 3.11): every later database call of that process then waits for
ever. Handlers are idempotent and ack only after their write, so finishing the work and losing
only the ack is safe: the broker redelivers and the inbox drops the duplicate.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Awaitable, Callable
from typing import TypeVar

log = logging.getLogger(__name__)
MessageT = TypeVar("MessageT")


class HandlingTasks:
    """Runs each message's handling in a task of our own that the consumer's cancel cannot reach."""

    def __init__(self) -> None:
        self._tasks: set[asyncio.Task[None]] = set()
        self._began: dict[asyncio.Task[None], float] = {}

    def __len__(self) -> int:
        return len(self._tasks)

    def oldest_seconds(self) -> float:
        """How long the longest-running handling has run (0 when none runs): the watchdog's cue."""
        return max((time.monotonic() - began for began in self._began.values()), default=0.0)

    async def run(self, handle: Callable[[MessageT], Awaitable[None]], message: MessageT) -> None:
        """Handle `message`; if our caller is cancelled, the handling still runs to its end."""
        task = asyncio.create_task(_call(handle, message))
        self._tasks.add(task)
        self._began[task] = time.monotonic()
        task.add_done_callback(self._done)
        with contextlib.suppress(Exception):  # logged by _done, once
            await asyncio.shield(task)

    def _done(self, task: asyncio.Task[None]) -> None:
        self._tasks.discard(task)
        self._began.pop(task, None)
        if not task.cancelled() and (error := task.exception()) is not None:
            log.warning(
                "message handled but not settled; the broker will deliver it again",
                extra={"error": f"{type(error).__name__}: {error}"},
            )

    async def drain(self, seconds: float) -> None:
        """Let handling in flight finish (at shutdown, before the database client closes)."""
        if self._tasks:
            await asyncio.wait(set(self._tasks), timeout=seconds)


async def _call(handle: Callable[[MessageT], Awaitable[None]], message: MessageT) -> None:
    await handle(message)
