"""Background tasks that stop on time, even when a driver call ignores cancellation."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Coroutine
from typing import Any

log = logging.getLogger(__name__)


def stop_requested() -> bool:
    """True once this task was cancelled, even if a library call swallowed the CancelledError:
    a background loop checks it each round so stop() ends it instead of waiting out the grace."""
    task = asyncio.current_task()
    return task is not None and task.cancelling() > 0


async def cancel_and_wait(task: asyncio.Task[None], grace_seconds: float = 5.0) -> None:
    """Cancel, then wait a bounded time: a call stuck on a dead server must not hang shutdown."""
    task.cancel()
    done, _ = await asyncio.wait({task}, timeout=grace_seconds)
    if not done:
        log.warning(
            "background task did not stop in time; abandoned", extra={"task": task.get_name()}
        )


class Background:
    """One named loop in the background of the service's event loop, running at most once."""

    def __init__(self, name: str, grace_seconds: float = 5.0) -> None:
        self._name = name
        self._grace = grace_seconds
        self._task: asyncio.Task[None] | None = None

    def start(self, run: Callable[[], Coroutine[Any, Any, None]]) -> None:
        """Run `run()` in the background, unless it already runs."""
        if self._task is None:
            self._task = asyncio.create_task(run(), name=self._name)

    async def stop(self) -> None:
        """Cancel it and wait at most the grace; a later start runs it afresh."""
        if self._task is not None:
            await cancel_and_wait(self._task, grace_seconds=self._grace)
            self._task = None
