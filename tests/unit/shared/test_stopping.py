"""A background loop stops when asked, even when a library call swallowed the cancellation."""

from __future__ import annotations

import asyncio
import contextlib

import pytest

from shared.tasks import cancel_and_wait, stop_requested

pytestmark = pytest.mark.unit


async def test_a_loop_whose_cancellation_was_swallowed_still_stops_on_its_next_round() -> None:
    rounds = 0

    async def loop() -> None:
        nonlocal rounds
        while not stop_requested():
            rounds += 1
            # as asyncio.wait_for on 3.11 or a driver call may: the cancel is lost here
            with contextlib.suppress(asyncio.CancelledError):
                await asyncio.sleep(0)

    task = asyncio.create_task(loop())
    await asyncio.sleep(0)
    await cancel_and_wait(task, grace_seconds=60)
    assert task.done() and not task.cancelled()  # ended by its own check, not abandoned
    assert rounds >= 1
