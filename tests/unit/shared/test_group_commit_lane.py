"""Calls that queue behind one in flight go as one command, and each caller hears its own end."""

from __future__ import annotations

import asyncio
from typing import Any

import pymongo
import pytest
from pymongo.errors import AutoReconnect

from shared.persistence.group_commit import GroupCommit, Lane, Replace, WriteOutcomeUnknown
from shared.persistence.memory import MemoryCollection

pytestmark = pytest.mark.unit


class Server:
    """A command that waits until let through, recording what each command carried."""

    def __init__(self) -> None:
        self.sent: list[list[str]] = []
        self.gate = asyncio.Event()
        self.down = False

    async def one(self, item: str) -> str:
        self.sent.append([item])
        await self.gate.wait()
        if self.down:
            raise AutoReconnect("connection refused")
        return item.upper()

    async def many(self, items: list[str]) -> list[str | Exception]:
        self.sent.append(items)
        await self.gate.wait()
        if self.down:
            raise AutoReconnect("connection refused")
        return [ValueError(item) if item.startswith("bad") else item.upper() for item in items]


async def _let_run() -> None:
    """A few turns of the loop: the calls started so far reach the lane."""
    for _ in range(3):
        await asyncio.sleep(0)


async def _behind_one_in_flight(
    lane: Lane[str, str], *items: str
) -> tuple[asyncio.Task[str], list[asyncio.Task[str]]]:
    """`a` sent and held at the server, then `items` submitted behind it."""
    first = asyncio.create_task(lane.submit("a"))
    await _let_run()
    behind = [asyncio.create_task(lane.submit(item)) for item in items]
    await _let_run()
    return first, behind


async def test_a_call_with_nothing_ahead_goes_at_once_and_alone() -> None:
    server = Server()
    server.gate.set()
    lane: Lane[str, str] = Lane(server.one, server.many)
    assert await lane.submit("a") == "A"
    assert await lane.submit("b") == "B"
    assert server.sent == [["a"], ["b"]]


async def test_calls_behind_one_in_flight_go_together_with_their_own_answers() -> None:
    server = Server()
    lane: Lane[str, str] = Lane(server.one, server.many)
    first, behind = await _behind_one_in_flight(lane, "b", "bad-c", "d")
    server.gate.set()
    assert await first == "A"
    outcomes = await asyncio.gather(*behind, return_exceptions=True)
    assert outcomes[0] == "B" and outcomes[2] == "D"
    assert isinstance(outcomes[1], ValueError)  # its own failure, nobody else's
    assert server.sent == [["a"], ["b", "bad-c", "d"]]


async def test_an_outage_reaches_every_caller_of_the_batch_and_the_lane_goes_on() -> None:
    server = Server()
    lane: Lane[str, str] = Lane(server.one, server.many)
    first, behind = await _behind_one_in_flight(lane, "b", "c")
    server.down = True
    server.gate.set()
    outcomes = await asyncio.gather(first, *behind, return_exceptions=True)
    assert all(isinstance(outcome, AutoReconnect) for outcome in outcomes)
    server.down = False
    assert await lane.submit("e") == "E"


async def test_a_caller_gone_before_its_batch_is_not_sent() -> None:
    server = Server()
    lane: Lane[str, str] = Lane(server.one, server.many)
    first, (gone, stays) = await _behind_one_in_flight(lane, "gone", "stays")
    gone.cancel()
    server.gate.set()
    assert await first == "A" and await stays == "STAYS"
    assert server.sent == [["a"], ["stays"]]


async def test_a_call_under_its_own_deadline_never_waits_in_a_batch() -> None:
    server = Server()
    lane: Lane[str, str] = Lane(server.one, server.many)
    first = asyncio.ensure_future(lane.submit("a"))
    await _let_run()
    with pymongo.timeout(5):
        urgent = asyncio.ensure_future(lane.submit("urgent"))
    await _let_run()
    assert server.sent == [["a"], ["urgent"]]  # sent beside the one in flight, not after it
    server.gate.set()
    assert await urgent == "URGENT" and await first == "A"


async def test_a_batch_holds_at_most_the_limit() -> None:
    server = Server()
    lane: Lane[str, str] = Lane(server.one, server.many, limit=2)
    first, behind = await _behind_one_in_flight(lane, *"bcde")
    server.gate.set()
    assert await asyncio.gather(first, *behind) == ["A", "B", "C", "D", "E"]
    assert server.sent == [["a"], ["b", "c"], ["d", "e"]]


class WrittenOverBeforeTheReadBack(MemoryCollection):
    """Another replica replaces `x` again between the batch and its read back."""

    async def bulk_write(self, requests: Any, ordered: bool = True) -> Any:
        result = await super().bulk_write(requests, ordered)
        await self.replace_one({"_id": "x"}, {"version": 3, "by": "another replica"})
        return result


async def _batch_of_two(collection: MemoryCollection) -> list[bool | Exception]:
    await collection.insert_one({"_id": "x", "version": 1})
    await collection.insert_one({"_id": "y", "version": 5})
    commit = GroupCommit(collection)  # type: ignore[arg-type]  # the twin's collection
    return await commit._replace_many(
        [Replace("x", 1, {"version": 2}), Replace("y", 4, {"version": 5})]  # y: read stale
    )


async def test_a_batched_replace_is_told_apart_from_a_conflict_by_its_stamp() -> None:
    landed, stale = await _batch_of_two(MemoryCollection("things"))
    assert landed is True and stale is False


async def test_a_batched_replace_written_over_before_the_read_back_is_not_called_a_conflict() -> (
    None
):
    landed, stale = await _batch_of_two(WrittenOverBeforeTheReadBack("things"))
    assert isinstance(landed, WriteOutcomeUnknown), "it may have landed: never 'not written'"
    assert stale is False
