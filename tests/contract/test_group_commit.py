"""Reads and writes of many aggregates at once: each caller its own answer, fewer round trips.

On the real server the calls that queue behind one in flight go as one command
(`shared/persistence/group_commit.py`); on the twin each goes alone. The answers are the same.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import AsyncIterator
from typing import Any

import pytest
from pymongo import monitoring

from shared.persistence.memory import MemoryDatabase, in_memory
from shared.persistence.mongo import connect
from shared.persistence.repository import Change, ConcurrencyConflict, Stored, UniqueViolation
from tests.contract.test_aggregate_repository import Tallies, Tally

CALLS = 24


class Commands(monitoring.CommandListener):
    """How many commands of each name went to the server."""

    def __init__(self) -> None:
        self.seen: Counter[str] = Counter()

    def started(self, event: monitoring.CommandStartedEvent) -> None:
        self.seen[event.command_name] += 1

    def succeeded(self, event: monitoring.CommandSucceededEvent) -> None:
        pass

    def failed(self, event: monitoring.CommandFailedEvent) -> None:
        pass


Opened = tuple[Tallies, Commands | None]


@pytest.fixture(
    params=[
        pytest.param("twin", marks=pytest.mark.unit),
        pytest.param("server", marks=pytest.mark.service),
    ]
)
def server(request: pytest.FixtureRequest) -> tuple[str, str] | None:
    """None for the twin; else the server's URL and this test's database name (dropped after)."""
    if request.param == "twin":
        return None
    request.getfixturevalue("mongo")  # drops the test's databases when it ends
    return request.getfixturevalue("mongodb_url"), f"{request.getfixturevalue('namespace')}group"


@pytest.fixture
async def tallies(server: tuple[str, str] | None) -> AsyncIterator[Opened]:
    """A repository, and on the server the count of the commands its client sent."""
    if server is None:
        yield in_memory(Tallies, MemoryDatabase()), None
        return
    commands = Commands()
    client = connect(server[0], listeners=[commands])
    repository = Tallies(client[server[1]], check_queries=True)
    await repository.ensure_indexes()
    try:
        yield repository, commands
    finally:
        await client.close()


async def _outcome(call: Any) -> Any:
    try:
        return await call
    except Exception as exc:
        return exc


async def test_inserts_at_once_each_hear_of_their_own_clash(tallies: Opened) -> None:
    repository, commands = tallies
    await repository.insert("taken", Change(Tally(name="taken", ref="r-taken")))
    if commands:
        commands.seen.clear()
    names = [f"n{number}" for number in range(CALLS)]
    names[3], names[9] = "taken", "taken"
    refs = [f"r{number}" for number in range(CALLS)]
    refs[5] = "r-taken"  # a unique index the new one would break
    outcomes = await asyncio.gather(
        *(
            _outcome(repository.insert(name, Change(Tally(name=name, ref=ref))))
            for name, ref in zip(names, refs, strict=True)
        )
    )
    assert isinstance(outcomes[3], ConcurrencyConflict)
    assert isinstance(outcomes[9], ConcurrencyConflict)
    assert isinstance(outcomes[5], UniqueViolation)
    stored = [o for n, o in enumerate(outcomes) if n not in (3, 5, 9)]
    assert all(isinstance(o, Stored) and o.version == 1 for o in stored)
    for number in set(range(CALLS)) - {3, 5, 9}:
        again = await repository.get(f"n{number}")
        assert again is not None and again.state.ref == f"r{number}"
    assert await repository.get("n5") is None
    if commands:
        assert commands.seen["insert"] <= CALLS // 4, commands.seen


async def test_updates_at_once_each_hear_of_their_own_conflict(tallies: Opened) -> None:
    repository, commands = tallies
    read = []
    for number in range(CALLS):
        read.append(await repository.insert(f"n{number}", Change(Tally(name=f"n{number}"))))
    stale = {2, 11, 17}
    for number in stale:  # someone else wrote these since they were read
        await repository.update(read[number], Change(Tally(name="other", count=100)))
    if commands:
        commands.seen.clear()
    outcomes = await asyncio.gather(
        *(
            _outcome(
                repository.update(stored, Change(stored.state.model_copy(update={"count": 1})))
            )
            for stored in read
        )
    )
    for number, outcome in enumerate(outcomes):
        now = await repository.get(f"n{number}")
        assert now is not None and now.version == 2
        if number in stale:
            assert isinstance(outcome, ConcurrencyConflict)
            assert now.state.count == 100  # the other writer's word stands
        else:
            assert isinstance(outcome, Stored) and outcome.version == 2
            assert now.state.count == 1
    if commands:
        assert commands.seen["update"] <= CALLS // 4, commands.seen


async def test_reads_at_once_each_get_their_own_aggregate(tallies: Opened) -> None:
    repository, commands = tallies
    for number in range(0, CALLS, 2):
        await repository.insert(f"n{number}", Change(Tally(name=f"n{number}", count=number)))
    if commands:
        commands.seen.clear()
    found = await asyncio.gather(
        *(repository.get(f"n{number}") for number in [*range(CALLS), 0, 0])
    )
    for number, stored in enumerate(found[:CALLS]):
        if number % 2:
            assert stored is None
        else:
            assert stored is not None and stored.state.count == number
    assert found[-1] is not None and found[-1].state.count == 0
    if commands:
        assert commands.seen["find"] <= CALLS // 4, commands.seen


async def test_concurrent_applies_of_many_aggregates_all_land(tallies: Opened) -> None:
    repository, _ = tallies

    def bump(current: Tally | None) -> Change[Tally]:
        tally = current or Tally(name="t")
        return Change(tally.model_copy(update={"count": tally.count + 1}))

    for round_ in range(3):
        await asyncio.gather(
            *(repository.apply(f"a{n % 8}", bump, event_id=f"e{n}-{round_}") for n in range(CALLS))
        )
    for number in range(8):
        stored = await repository.get(f"a{number}")
        assert stored is not None and stored.state.count == 3 * CALLS // 8
