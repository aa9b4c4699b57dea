"""Polling until something a user would notice has happened, with a deadline."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable


async def wait_until(condition: Callable[[], bool], timeout: float = 10.0) -> None:
    """Return as soon as `condition()` holds; fail the test with a clear message at the deadline."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"condition not met within {timeout} s")
        await asyncio.sleep(0.02)


async def wait_until_async(condition: Callable[[], Awaitable[bool]], timeout: float = 10.0) -> None:
    """The same, for a condition that has to ask a server."""
    deadline = time.monotonic() + timeout
    while not await condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"condition not met within {timeout} s")
        await asyncio.sleep(0.05)
