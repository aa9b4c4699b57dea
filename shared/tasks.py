"""Background tasks that stop on time, even when a driver call ignores cancellation."""

from __future__ import annotations

import asyncio
import logging

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
