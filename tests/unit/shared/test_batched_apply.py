"""Events of one aggregate that queue up are decided in turn and written once, each answered."""

from __future__ import annotations

import asyncio
from typing import Any, ClassVar

import pytest
from pydantic import BaseModel

from shared.persistence.aggregate import Change, Stored, UniqueViolation
from shared.persistence.memory import in_memory
from shared.persistence.repository import AggregateRepository

pytestmark = pytest.mark.unit


class Tally(BaseModel):
    items: list[str] = []


class Tallies(AggregateRepository[Tally]):
    """Counts its writes; a write waits at `gate` while a test lines up more events."""

    collection_name = "tallies"
    state_model = Tally
    remembered: ClassVar[int] = 8

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.writes: list[list[str]] = []
        self.gate = asyncio.Event()
        self.gate.set()
        self.refuse: str | None = None

    async def update(
        self, stored: Stored[Tally], change: Change[Tally], handled_event_id: str | None = None
    ) -> Stored[Tally]:
        await self.gate.wait()
        if self.refuse is not None and self.refuse in change.state.items:
            raise UniqueViolation("items")
        self.writes.append(list(change.state.items))
        return await super().update(stored, change, handled_event_id)


def add(item: str):  # type: ignore[no-untyped-def]
    def decide(current: Tally | None) -> Change[Tally] | None:
        items = current.items if current else []
        return None if item in items else Change(Tally(items=[*items, item]))

    return decide


async def items(tallies: Tallies) -> list[str]:
    stored = await tallies.get("t")
    assert stored is not None
    return stored.state.items


async def started(tallies: Tallies) -> asyncio.Task[Any]:
    """A first event whose write is held at the gate, so the next ones queue behind it."""
    await tallies.apply("t", add("a"), event_id="e-a")
    tallies.gate.clear()
    first = asyncio.create_task(tallies.apply("t", add("b"), event_id="e-b"))
    await asyncio.sleep(0.01)
    return first


async def test_events_that_queue_behind_a_write_are_written_together_in_order() -> None:
    tallies = in_memory(Tallies)
    first = await started(tallies)
    later = [asyncio.create_task(tallies.apply("t", add(x), event_id=f"e-{x}")) for x in "cde"]
    await asyncio.sleep(0.01)
    tallies.gate.set()
    answers = await asyncio.gather(first, *later)
    assert tallies.writes == [["a", "b"], ["a", "b", "c", "d", "e"]]  # two writes, not four
    assert [a.changed for a in answers] == [True] * 4
    assert [a.state.items[-1] for a in answers if a.state] == ["b", "c", "d", "e"]
    assert all(a.stored is not None and a.stored.version == 3 for a in answers[1:])
    assert await items(tallies) == ["a", "b", "c", "d", "e"]
    stored = await tallies.get("t")
    assert stored is not None and {"e-c", "e-d", "e-e"} <= set(stored.handled)


async def test_a_repeat_inside_a_batch_or_of_an_earlier_event_is_a_duplicate() -> None:
    tallies = in_memory(Tallies)
    first = await started(tallies)
    later = [
        asyncio.create_task(tallies.apply("t", add("c"), event_id="e-c")),
        asyncio.create_task(tallies.apply("t", add("z"), event_id="e-c")),
        asyncio.create_task(tallies.apply("t", add("y"), event_id="e-a")),
    ]
    await asyncio.sleep(0.01)
    tallies.gate.set()
    _, c, again, old = await asyncio.gather(first, *later)
    assert c.changed and again.duplicate and old.duplicate
    assert await items(tallies) == ["a", "b", "c"]


async def test_a_decider_that_refuses_fails_only_its_own_event() -> None:
    tallies = in_memory(Tallies)
    first = await started(tallies)

    def refuse(current: Tally | None) -> Change[Tally] | None:
        assert current is not None
        current.items.append("half")  # altered the copy it was given, then refused
        raise ValueError("refused")

    c = asyncio.create_task(tallies.apply("t", add("c"), event_id="e-c"))
    bad = asyncio.create_task(tallies.apply("t", refuse, event_id="e-bad"))
    d = asyncio.create_task(tallies.apply("t", add("d"), event_id="e-d"))
    await asyncio.sleep(0.01)
    tallies.gate.set()
    await asyncio.gather(first, c, d)
    with pytest.raises(ValueError, match="refused"):
        await bad
    assert await items(tallies) == ["a", "b", "c", "d"]


async def test_a_write_one_event_makes_fail_fails_that_event_alone() -> None:
    tallies = in_memory(Tallies)
    first = await started(tallies)
    tallies.refuse = "d"
    c, d, e = (asyncio.create_task(tallies.apply("t", add(x), event_id=f"e-{x}")) for x in "cde")
    await asyncio.sleep(0.01)
    tallies.gate.set()
    await asyncio.gather(first, c, e)
    with pytest.raises(UniqueViolation):
        await d
    assert await items(tallies) == ["a", "b", "c", "e"]


async def test_a_writer_cancelled_mid_write_leaves_the_others_to_be_written() -> None:
    tallies = in_memory(Tallies)
    await tallies.apply("t", add("a"), event_id="e-a")
    first = asyncio.create_task(tallies.apply("t", add("b"), event_id="e-b"))
    await asyncio.sleep(0)  # b writes at once; c and d wait for it
    tallies.gate.clear()
    c = asyncio.create_task(tallies.apply("t", add("c"), event_id="e-c"))
    d = asyncio.create_task(tallies.apply("t", add("d"), event_id="e-d"))
    await asyncio.gather(first)
    await asyncio.sleep(0.01)  # c leads a batch of c and d, held at the gate
    c.cancel()
    await asyncio.sleep(0.01)
    tallies.gate.set()
    await d
    assert c.cancelled()
    assert await items(tallies) == ["a", "b", "d"]


async def test_a_waiting_event_whose_caller_went_is_not_written() -> None:
    tallies = in_memory(Tallies)
    first = await started(tallies)
    gone = asyncio.create_task(tallies.apply("t", add("c"), event_id="e-c"))
    stays = asyncio.create_task(tallies.apply("t", add("d"), event_id="e-d"))
    await asyncio.sleep(0.01)
    gone.cancel()
    await asyncio.sleep(0)
    tallies.gate.set()
    await asyncio.gather(first, stays)
    assert await items(tallies) == ["a", "b", "d"]


class LingeringTallies(Tallies):
    """A read model whose writer waits a moment for the events close behind it."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs, batch_linger_seconds=0.05)


async def test_a_read_model_that_lingers_writes_a_spread_out_burst_once() -> None:
    tallies = in_memory(LingeringTallies)
    await tallies.apply("t", add("a"), event_id="e-a")
    tallies.writes.clear()

    async def arrives(item: str, after: float) -> Any:
        await asyncio.sleep(after)
        return await tallies.apply("t", add(item), event_id=f"e-{item}")

    answers = await asyncio.gather(arrives("b", 0), arrives("c", 0.01), arrives("d", 0.02))
    assert tallies.writes == [["a", "b", "c", "d"]]  # each alone would have been three writes
    assert all(answer.changed for answer in answers)


async def test_without_lingering_events_apart_are_written_apart() -> None:
    tallies = in_memory(Tallies)
    await tallies.apply("t", add("a"), event_id="e-a")
    tallies.writes.clear()
    for item in "bc":
        await tallies.apply("t", add(item), event_id=f"e-{item}")
        await asyncio.sleep(0.01)
    assert tallies.writes == [["a", "b"], ["a", "b", "c"]]
