"""The watchdog ends a process that cannot go on, and leaves one that waits out an outage.

The rounds run on a virtual clock (`tests/support/virtual_time.py`): the same sleeps and limits
as on the real one, in milliseconds.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest
from pymongo.errors import ServerSelectionTimeoutError

from shared import liveness
from shared.liveness import EXIT_STUCK, Watchdog
from shared.messaging import handling as handling_module
from shared.messaging.handling import HandlingTasks
from shared.persistence import outage
from shared.persistence.outage import DatabaseWatch
from tests.support.virtual_time import VirtualClock, virtual_time

pytestmark = pytest.mark.unit


@pytest.fixture(autouse=True)
async def clock() -> AsyncIterator[VirtualClock]:
    """Every test here runs on the virtual clock."""
    with virtual_time(liveness, outage, handling_module) as clock:
        yield clock


class Ping:
    """A database ping that answers, fails as in an outage, or never returns (wedged)."""

    def __init__(self) -> None:
        self.mode = "answers"
        self.forever = asyncio.Event()

    async def __call__(self) -> object:
        if self.mode == "wedged":
            await self.forever.wait()
        if self.mode == "away":
            raise ServerSelectionTimeoutError("no server")
        return {"ok": 1}


def _dog(
    ping: Ping, handling: HandlingTasks, exits: list[int], *, server_up: bool = False
) -> Watchdog:
    """`server_up`: what a fresh client of the watchdog's own finds."""
    watch = DatabaseWatch(ping, retry_seconds=0.01)

    async def fresh_ping() -> bool:
        return server_up

    return Watchdog(
        watch,
        handling,
        every_seconds=0.02,
        wedged_after_seconds=0.2,
        stuck_after_seconds=0.3,
        fresh_ping=fresh_ping,
        exit_process=exits.append,
    )


async def _run_for(dog: Watchdog, seconds: float) -> None:
    dog.start()
    await asyncio.sleep(seconds)
    await dog.stop()


async def test_a_database_ping_that_never_answers_ends_the_process() -> None:
    ping, exits = Ping(), list[int]()
    ping.mode = "wedged"
    await _run_for(_dog(ping, HandlingTasks(), exits), 0.5)
    assert exits == [EXIT_STUCK]
    ping.forever.set()


async def test_a_database_that_is_away_keeps_the_process_running() -> None:
    ping, exits = Ping(), list[int]()
    ping.mode = "away"
    await _run_for(_dog(ping, HandlingTasks(), exits), 0.5)
    assert exits == []


async def test_a_client_that_keeps_failing_while_a_fresh_one_answers_ends_the_process() -> None:
    ping, exits = Ping(), list[int]()
    ping.mode = "away"  # e.g. its pool's connections never came back after a server restart
    await _run_for(_dog(ping, HandlingTasks(), exits, server_up=True), 0.5)
    assert exits == [EXIT_STUCK]


async def test_a_client_that_answers_now_and_then_but_mostly_fails_ends_the_process() -> None:
    ping, exits = Ping(), list[int]()
    dog = _dog(ping, HandlingTasks(), exits, server_up=True)
    dog.start()
    for _ in range(12):
        ping.mode = "away"
        await asyncio.sleep(0.04)
        ping.mode = "answers"
        await asyncio.sleep(0.02)
    await dog.stop()
    assert exits == [EXIT_STUCK]


async def test_a_message_stuck_while_the_database_answers_ends_the_process() -> None:
    ping, exits, handling = Ping(), list[int](), HandlingTasks()
    stuck = asyncio.Event()

    async def wait_stuck(_: None) -> None:
        await stuck.wait()

    held = asyncio.create_task(handling.run(wait_stuck, None))
    await _run_for(_dog(ping, handling, exits), 0.6)
    assert exits == [EXIT_STUCK]
    stuck.set()
    await held


async def test_a_message_held_through_an_outage_is_timed_from_the_databases_return() -> None:
    ping, exits, handling = Ping(), list[int](), HandlingTasks()
    ping.mode = "away"
    done = asyncio.Event()

    async def wait_done(_: None) -> None:
        await done.wait()

    held = asyncio.create_task(handling.run(wait_done, None))
    dog = _dog(ping, handling, exits)
    dog.start()
    await asyncio.sleep(0.5)  # held longer than the stuck limit, but the database was away
    ping.mode = "answers"
    await asyncio.sleep(0.15)  # back for less than the limit: the message may still finish
    assert exits == []
    done.set()
    await held
    await asyncio.sleep(0.4)
    await dog.stop()
    assert exits == []


async def test_a_slow_ping_of_a_busy_process_is_no_failure() -> None:
    slow = Ping()

    async def busy_but_answering() -> object:
        await asyncio.sleep(
            0.05
        )  # longer than a round: the probe gives up waiting, the ping runs on
        return await slow()

    exits: list[int] = []
    watch = DatabaseWatch(busy_but_answering, retry_seconds=0.01)

    async def fresh_ping() -> bool:
        return True

    dog = Watchdog(
        watch,
        HandlingTasks(),
        every_seconds=0.02,
        wedged_after_seconds=0.2,
        stuck_after_seconds=5.0,
        fresh_ping=fresh_ping,
        exit_process=exits.append,
    )
    await _run_for(dog, 0.6)
    assert exits == []
