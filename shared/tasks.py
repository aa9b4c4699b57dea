"""Background tasks that stop on time, even when a driver call ignores cancellation."""

from __future__ import annotations

import asyncio
import logging

log = logging.getLogger(__name__)


async def cancel_and_wait(task: asyncio.Task[None], grace_seconds: float = 5.0) -> None:
    """Cancel, then wait a bounded time: a call stuck on a dead server must not hang shutdown."""
    task.cancel()
    done, _ = await asyncio.wait({task}, timeout=grace_seconds)
    if not done:
        log.warning(
            "background task did not stop in time; abandoned", extra={"task": task.get_name()}
        )
