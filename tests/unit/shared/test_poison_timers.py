"""A timer whose handling always fails is set aside; it never starves the timers behind it."""

from __future__ import annotations

import datetime as dt

import pytest

from shared.clock import ManualClock
from shared.persistence.memory import in_memory
from shared.persistence.repository import Stored
from shared.persistence.timers import POISON_AFTER, POISONED, Timer, TimerPoller, TimerRepository

pytestmark = pytest.mark.unit

NOW = dt.datetime(2026, 3, 9, 16, 0, tzinfo=dt.UTC)


async def test_a_hundred_poisoned_timers_block_no_later_timer_and_can_be_replayed() -> None:
    clock, timers = ManualClock(NOW), in_memory(TimerRepository)
    fired: list[str] = []
    mended: set[str] = set()  # timers whose cause a developer has fixed
    for i in range(100):
        due = NOW - dt.timedelta(minutes=10, seconds=i)
        await timers.schedule(f"bad:{i}", Timer(kind="bad", due_at=due))
    await timers.schedule("good", Timer(kind="good", due_at=NOW - dt.timedelta(minutes=1)))

    async def on_due(stored: Stored[Timer]) -> None:
        if stored.state.kind == "bad" and stored.id not in mended:
            raise ValueError("template missing")
        fired.append(stored.id)
        await timers.fire(stored, clock.now())

    poller = TimerPoller(timers, clock, on_due)
    for _ in range(2):
        await poller.poll_once()
    assert fired == ["good"]  # the hundred bad ones were moved off the head of the poll

    for _ in range(POISON_AFTER + 1):
        clock.advance(dt.timedelta(hours=2))
        await poller.poll_once()
    poisoned = await timers.poisoned()
    assert len(poisoned) == 100 and fired == ["good"]
    assert {p.state.last_error for p in poisoned} == {"ValueError: template missing"}
    assert all(p.state.status == POISONED for p in poisoned)

    await timers.schedule("later", Timer(kind="good", due_at=clock.now()))
    await poller.poll_once()
    assert fired == ["good", "later"]  # poisoned timers are out of the poll altogether

    mended.add("bad:7")
    assert await timers.replay("bad:7", clock.now())
    await poller.poll_once()
    assert fired == ["good", "later", "bad:7"]
