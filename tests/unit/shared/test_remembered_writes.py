"""`apply` on a remembered copy or an expected-new aggregate: fewer reads, the same guarantees."""

from __future__ import annotations

from typing import ClassVar

import pytest
from pydantic import BaseModel

from shared.persistence.aggregate import Change, Stored
from shared.persistence.memory import MemoryDatabase, in_memory
from shared.persistence.repository import AggregateRepository

pytestmark = pytest.mark.unit


class Tally(BaseModel):
    items: list[str] = []


class Tallies(AggregateRepository[Tally]):
    """Counts its reads, so a test can tell a guess from a read."""

    collection_name = "tallies"
    state_model = Tally
    remembered: ClassVar[int] = 2
    reads = 0

    async def get(self, aggregate_id: str) -> Stored[Tally] | None:
        self.reads += 1
        return await super().get(aggregate_id)


class Forgetful(Tallies):
    remembered: ClassVar[int] = 0


def add(item: str):  # type: ignore[no-untyped-def]
    def decide(current: Tally | None) -> Change[Tally] | None:
        items = current.items if current else []
        return None if item in items else Change(Tally(items=[*items, item]))

    return decide


async def stored_items(tallies: Tallies, key: str = "t") -> list[str]:
    stored = await tallies.get(key)
    assert stored is not None
    return stored.state.items


async def test_the_write_after_a_write_decides_on_the_remembered_copy_without_a_read() -> None:
    tallies = in_memory(Tallies)
    await tallies.apply("t", add("a"), event_id="e1")
    await tallies.apply("t", add("b"), event_id="e2")
    assert tallies.reads == 1  # the first apply's: the second wrote on what the first wrote
    assert await stored_items(tallies) == ["a", "b"]


async def test_a_repository_that_remembers_nothing_reads_before_every_write() -> None:
    tallies = in_memory(Forgetful)
    await tallies.apply("t", add("a"))
    await tallies.apply("t", add("b"))
    assert tallies.reads == 2


async def test_a_stale_copy_conflicts_and_the_change_is_decided_again_on_a_fresh_read() -> None:
    database = MemoryDatabase()
    ours, replica = in_memory(Tallies, database), in_memory(Tallies, database)
    await ours.apply("t", add("a"))
    await replica.apply("t", add("b"))  # another process wrote: our copy is one version behind
    await ours.apply("t", add("c"))
    assert await stored_items(ours) == ["a", "b", "c"]  # nothing the replica wrote is lost


async def test_a_repeated_event_is_known_from_the_remembered_inbox() -> None:
    tallies = in_memory(Tallies)
    await tallies.apply("t", add("a"), event_id="e1")
    again = await tallies.apply("t", add("z"), event_id="e1")
    assert again.duplicate and not again.changed
    assert await stored_items(tallies) == ["a"]


async def test_nothing_to_do_on_a_remembered_copy_is_checked_against_a_fresh_read() -> None:
    database = MemoryDatabase()
    ours, replica = in_memory(Tallies, database), in_memory(Tallies, database)
    await ours.apply("t", add("a"))
    await replica.apply("t", add("b"))

    def drop_b(current: Tally | None) -> Change[Tally] | None:
        if current is None or "b" not in current.items:
            return None  # on our stale copy there is no "b" to drop
        return Change(Tally(items=[i for i in current.items if i != "b"]))

    assert (await ours.apply("t", drop_b)).changed
    assert await stored_items(ours) == ["a"]


async def test_a_decider_that_fails_leaves_no_copy_behind() -> None:
    tallies = in_memory(Tallies)
    await tallies.apply("t", add("a"))

    def alter_then_fail(current: Tally | None) -> Change[Tally] | None:
        assert current is not None
        current.items.append("half")
        raise ValueError("refused")

    with pytest.raises(ValueError, match="refused"):
        await tallies.apply("t", alter_then_fail)
    await tallies.apply("t", add("b"))
    assert await stored_items(tallies) == ["a", "b"]


async def test_only_the_most_recently_written_are_remembered() -> None:
    tallies = in_memory(Tallies)
    for key in ("t1", "t2", "t3"):
        await tallies.apply(key, add("a"))
    tallies.reads = 0
    await tallies.apply("t1", add("b"))  # t1 was dropped for t3 (two remembered)
    await tallies.apply("t3", add("b"))
    assert tallies.reads == 1


async def test_an_expected_new_aggregate_is_inserted_without_a_read() -> None:
    tallies = in_memory(Forgetful)
    result = await tallies.apply("t", add("a"), event_id="e1", new=True)
    assert result.changed and tallies.reads == 0
    assert await stored_items(tallies) == ["a"]


async def test_an_expected_new_aggregate_that_exists_is_read_and_decided_on() -> None:
    database = MemoryDatabase()
    ours, replica = in_memory(Forgetful, database), in_memory(Forgetful, database)
    await replica.apply("t", add("b"), event_id="e1")
    again = await ours.apply("t", add("a"), event_id="e1", new=True)
    assert again.duplicate and not again.changed  # the inbox still answers
    await ours.apply("t", add("a"), event_id="e2", new=True)
    assert await stored_items(ours) == ["b", "a"]  # the existing document was kept, not replaced
