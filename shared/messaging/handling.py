"""Each message is handled to the end, even when the broker connection drops meanwhile.

aiormq cancels every consumer task when its channel or connection closes, a task twice when the
whole connection goes (once for the channel, once for the connection). A handler cancelled twice
inside a PyMongo call while the database is away leaves the client's topology lock held
(PyMongo 4.20 async on Python 3.11): every later database call of that process then waits for
ever. Handlers are idempotent and ack only after their write, so finishing the work and losing
only the ack is safe: the broker redelivers and the inbox drops the duplicate.

The handling runs in long-lived worker tasks of our own (one per message in flight at most, so
as many as the prefetch window), not in a task created per message: the consumer hands a worker
the message and waits, shielded, for it to finish (`run`), or does not wait at all (`start`:
the message stays unacked until its handler acks it, so the prefetch window still bounds how
many are in handling). The worker takes on the consumer's context
variables for the job (the consume span, the log fields), as a task made for it would.
"""

from __future__ import annotations

import asyncio
import contextvars
import logging
import time
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

log = logging.getLogger(__name__)
MessageT = TypeVar("MessageT")
_Job = tuple[Callable[[Any], Awaitable[None]], Any, contextvars.Context, "asyncio.Future[None]"]


class HandlingTasks:
    """Runs each message's handling in a worker of ours that the consumer's cancel cannot reach."""

    def __init__(self) -> None:
        self._began: dict[asyncio.Future[None], float] = {}
        self._idle: list[asyncio.Future[_Job]] = []
        self._workers: set[asyncio.Task[None]] = set()

    def __len__(self) -> int:
        return len(self._began)

    def oldest_seconds(self) -> float:
        """How long the longest-running handling has run (0 when none runs): the watchdog's cue."""
        return max((time.monotonic() - began for began in self._began.values()), default=0.0)

    def start(
        self, handle: Callable[[MessageT], Awaitable[None]], message: MessageT
    ) -> asyncio.Future[None]:
        """Hand `message` to a worker now; the future resolves when its handling has ended."""
        done: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._began[done] = time.monotonic()
        job: _Job = (handle, message, contextvars.copy_context(), done)
        while self._idle:
            waiter = self._idle.pop()
            if not waiter.done():
                waiter.set_result(job)
                return done
        # every worker busy: one more (at most as many as messages in flight)
        worker = asyncio.create_task(self._work(job), context=contextvars.Context())
        self._workers.add(worker)
        worker.add_done_callback(self._workers.discard)
        return done

    async def run(self, handle: Callable[[MessageT], Awaitable[None]], message: MessageT) -> None:
        """Handle `message`; if our caller is cancelled, the handling still runs to its end."""
        await asyncio.shield(self.start(handle, message))

    async def _work(self, job: _Job | None) -> None:
        """Handle jobs one after another; wait, idle, for the next. A worker whose context a
        handler changed for good (a variable it set, not reset) ends, so nothing carries over."""
        loop = asyncio.get_running_loop()
        while job is not None:
            clean = await self._one(job)
            job = None  # an idle worker holds no message, context or future of the last job
            if not clean:
                return
            waiter: asyncio.Future[_Job] = loop.create_future()
            self._idle.append(waiter)
            job = await waiter

    async def _one(self, job: _Job) -> bool:
        """Run one job in the consumer's context; True when the worker's context is as before."""
        handle, message, context, done = job
        tokens = [(var, var.set(value)) for var, value in context.items()]
        try:
            await handle(message)
        except asyncio.CancelledError:
            if being_cancelled():  # drain gave up on it: the broker delivers it again
                done.cancel()
                raise
            log.warning("handling was cancelled before it ended; the broker will deliver it again")
        except Exception as error:  # after its write: the ack or a settle failed
            log.warning(
                "message handled but not settled; the broker will deliver it again",
                extra={"error": f"{type(error).__name__}: {error}"},
            )
        finally:
            for var, token in reversed(tokens):
                var.reset(token)
            self._began.pop(done, None)
            if not done.done():
                done.set_result(None)
        return len(contextvars.copy_context()) == 0

    async def drain(self, seconds: float) -> None:
        """Let handling in flight finish (at shutdown, before the database client closes); what
        outlasts `seconds` is cancelled (unacked, so delivered again); every worker ends."""
        if self._began:
            await asyncio.wait(set(self._began), timeout=seconds)
        while self._idle:
            self._idle.pop().cancel()
        if self._began:
            log.warning(
                "handling outlasted the drain; cancelled, the broker will deliver it again",
                extra={"in_flight": len(self._began)},
            )
        workers = set(self._workers)
        for worker in workers:
            worker.cancel()
        if workers:
            await asyncio.wait(workers, timeout=1)


def being_cancelled() -> bool:
    """Whether our own task is being cancelled (not a handler raising CancelledError itself)."""
    task = asyncio.current_task()
    return task is not None and task.cancelling() > 0
