"""The timer poller queries when a timer is due, not every second, and still misses none.

The poller runs on the twin with the event loop on a virtual clock
(`tests/support/virtual_time.py`), and the service clock follows the loop's time, so ten idle
minutes take milliseconds and every query the poller makes is counted.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import threading
from collections.abc import AsyncIterator, Callable
from typing import Any

import pytest
import pytest_asyncio
from pymongo.errors import AutoReconnect

from shared.persistence.memory import MemoryDatabase, in_memory
from shared.persistence.repository import Stored
from shared.persistence.timers import Timer, TimerPoller, TimerRepository
from tests.support.virtual_time import virtual_time

# A loop of its own: virtual time must not be moved or held up by what other tests left on the
# session's loop (a client's heartbeat, a socket still open). The stalls this file once had (a
# test spinning until pytest-timeout) were the poller's, near a power of two of the loop's
# clock: see the last test.
pytestmark = [pytest.mark.unit, pytest.mark.asyncio(loop_scope="function")]

START = dt.datetime(2026, 3, 9, 9, 0, tzinfo=dt.UTC)
MINUTE = dt.timedelta(minutes=1)


class LoopClock:
    """The service's clock on the loop's (virtual) time, which a test can also move at once."""

    def __init__(self) -> None:
        self._loop = asyncio.get_running_loop()
        self._base = self._loop.time()
        self._moved = dt.timedelta()

    def now(self) -> dt.datetime:
        return START + dt.timedelta(seconds=self._loop.time() - self._base) + self._moved

    def move(self, delta: dt.timedelta) -> None:
        self._moved += delta

    def seconds(self) -> float:
        """Seconds the loop ran since the start (a move not included)."""
        return self._loop.time() - self._base


class CountingTimers(TimerRepository):
    """The twin's timers, counting the poller's queries; `away` polls fail as an outage."""

    polls = 0
    next_due_reads = 0
    away = 0

    async def due(self, now: dt.datetime, limit: int = 100) -> list[Stored[Timer]]:
        self.polls += 1
        if self.away:
            self.away -= 1
            raise AutoReconnect("database away")
        return await super().due(now, limit)

    async def next_due(self) -> dt.datetime | None:
        self.next_due_reads += 1
        return await super().next_due()


class Service:
    """One replica: its timers, its poller and what it fired when (loop seconds)."""

    def __init__(
        self, database: MemoryDatabase, clock: LoopClock, fired: dict[str, float], **poller: Any
    ) -> None:
        self.timers = in_memory(CountingTimers, database)
        self.fired = fired

        async def on_due(stored: Stored[Timer]) -> None:
            if await self.timers.fire(stored, clock.now()):
                assert stored.id not in fired, f"{stored.id} fired twice"
                fired[stored.id] = clock.seconds()

        self.poller = TimerPoller(self.timers, clock, on_due, **poller)


@pytest_asyncio.fixture(loop_scope="function")
async def clock() -> AsyncIterator[LoopClock]:
    with virtual_time():
        yield LoopClock()


@pytest.fixture
def database() -> MemoryDatabase:
    return MemoryDatabase()


ServiceFactory = Callable[..., Service]


@pytest_asyncio.fixture(loop_scope="function")
async def service(clock: LoopClock, database: MemoryDatabase) -> AsyncIterator[ServiceFactory]:
    started: list[Service] = []

    def make(fired: dict[str, float] | None = None, **poller: Any) -> Service:
        built = Service(database, clock, {} if fired is None else fired, **poller)
        started.append(built)
        return built

    yield make
    for built in started:
        await built.poller.stop()


def timer(due: dt.datetime) -> Timer:
    return Timer(kind="reminder", due_at=due)


async def test_an_idle_poller_queries_once_per_max_sleep_not_every_second(
    service: ServiceFactory,
) -> None:
    idle = service(max_sleep_seconds=30.0)
    await idle.poller.start()
    await asyncio.sleep(600)
    assert idle.timers.polls == 1, "only at the start: nothing came due"
    assert 20 <= idle.timers.next_due_reads <= 21, "a look per 30 s (it was a poll per second)"


async def test_it_sleeps_until_the_next_due_time_and_fires_it_then(
    service: ServiceFactory, clock: LoopClock
) -> None:
    one = service(max_sleep_seconds=3600.0)
    await one.timers.schedule("later", timer(clock.now() + 10 * MINUTE))
    await one.poller.start()
    await asyncio.sleep(15 * 60)
    assert one.fired["later"] == pytest.approx(600, abs=0.01)
    assert (one.timers.polls, one.timers.next_due_reads) == (2, 2), "at the start and when due"
    assert one.poller.next_due is None, "nothing pending any more"


async def test_a_timer_armed_here_earlier_than_the_one_waited_for_wakes_it_at_once(
    service: ServiceFactory, clock: LoopClock
) -> None:
    one = service(interval_seconds=10.0, max_sleep_seconds=3600.0)
    await one.timers.schedule("in-an-hour", timer(clock.now() + 60 * MINUTE))
    await one.poller.start()
    await asyncio.sleep(100.5)
    await one.timers.schedule("soon", timer(clock.now() + dt.timedelta(seconds=2)))
    await asyncio.sleep(60)
    assert one.fired == {"soon": pytest.approx(102.5, abs=0.01)}, "not at a 10 s clock check"
    assert one.timers.polls == 2 and one.poller.next_due == START + 60 * MINUTE


async def test_a_timer_armed_by_another_process_fires_within_the_max_sleep(
    service: ServiceFactory, clock: LoopClock, database: MemoryDatabase
) -> None:
    one = service(max_sleep_seconds=30.0)
    await one.timers.schedule("in-an-hour", timer(clock.now() + 60 * MINUTE))
    await one.poller.start()
    await asyncio.sleep(100)
    elsewhere = in_memory(TimerRepository, database)  # the CLI, the console, a replica
    await elsewhere.schedule("now", timer(clock.now()))
    await asyncio.sleep(60)
    assert 100 < one.fired["now"] <= 130
    assert one.timers.polls == 2, "the look at 120 s found it due"


async def test_a_clock_moved_forward_fires_what_it_made_due_at_the_next_clock_check(
    service: ServiceFactory, clock: LoopClock, database: MemoryDatabase
) -> None:
    one = service(interval_seconds=1.0, max_sleep_seconds=3600.0)
    await one.poller.start()
    await asyncio.sleep(5)
    elsewhere = in_memory(TimerRepository, database)
    await elsewhere.schedule("tomorrow", timer(clock.now() + dt.timedelta(days=1)))
    await asyncio.sleep(5.5)
    clock.move(dt.timedelta(days=1))  # as a test moves a service's clock
    await asyncio.sleep(5)
    assert 10.5 < one.fired["tomorrow"] <= 11.5, "at the next clock check, not the max sleep"
    assert (one.timers.polls, one.timers.next_due_reads) == (2, 3), "the jump: a look, a poll"


async def test_a_database_outage_is_retried_every_interval_and_the_timer_fires_after_it(
    service: ServiceFactory, clock: LoopClock
) -> None:
    one = service(interval_seconds=1.0, max_sleep_seconds=3600.0)
    await one.timers.schedule("due", timer(clock.now()))
    one.timers.away = 3
    await one.poller.start()
    await asyncio.sleep(10)
    assert one.fired["due"] == pytest.approx(3, abs=0.01)
    assert one.timers.polls == 4


async def test_two_replicas_waking_for_the_same_timers_fire_each_once(
    service: ServiceFactory, clock: LoopClock
) -> None:
    fired: dict[str, float] = {}
    first, second = service(fired), service(fired)
    for number in range(30):
        await first.timers.schedule(f"t{number}", timer(clock.now() + MINUTE))
    await first.poller.start()
    await second.poller.start()
    await asyncio.sleep(120)
    assert sorted(fired) == sorted(f"t{n}" for n in range(30))
    assert all(at == pytest.approx(60, abs=0.01) for at in fired.values())


@pytest.mark.parametrize("start", [480.81026198981147, 4074.5003074533056, 8158.612433517171])
async def test_an_idle_poller_whose_clock_crosses_a_power_of_two_still_sleeps(start: float) -> None:
    """The unit tier's old stall: near 512, 4096 or 8192 s of the loop's clock (the machine's
    uptime) a sleep's remainder was too small to move the clock, and the poller woke again and
    again at the same instant. A real-time guard ends such a spin, as a failure."""
    loop = asyncio.get_running_loop()
    with virtual_time() as virtual:
        virtual.now = start
        idle = Service(MemoryDatabase(), LoopClock(), {}, max_sleep_seconds=30.0)
        await idle.poller.start()
        slept = asyncio.ensure_future(asyncio.sleep(600))
        guard = threading.Timer(5.0, lambda: loop.call_soon_threadsafe(slept.cancel))
        guard.start()
        try:
            await slept
        except asyncio.CancelledError:
            pytest.fail(f"the poller spun at {loop.time()!r}")
        finally:
            guard.cancel()
            await idle.poller.stop()
    assert 20 <= idle.timers.next_due_reads <= 21, "a look per 30 s"
