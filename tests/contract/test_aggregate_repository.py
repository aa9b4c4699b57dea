"""The in-memory twin and the real database server give every repository the same answers.

Each case runs twice: on `shared/persistence/memory.py` (unit tier) and on the database server
the harness starts (service tier), so a use case tested on the twin behaves so in production.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Awaitable, Callable
from typing import Any, ClassVar, TypeVar

import pytest
from pydantic import AwareDatetime, BaseModel
from pymongo.errors import DuplicateKeyError

from shared.contracts.base import EventData
from shared.contracts.envelope import new_event
from shared.contracts.intake import ParticipantWithdrawn
from shared.persistence.indexes import IndexSpec, UncoveredQuery
from shared.persistence.memory import MemoryDatabase, in_memory
from shared.persistence.parking import ParkingLot
from shared.persistence.repository import (
    AggregateRepository,
    Change,
    ConcurrencyConflict,
    UniqueViolation,
)
from shared.persistence.timers import FIRED, PENDING, Timer, TimerRepository

RepositoryT = TypeVar("RepositoryT", bound=AggregateRepository[Any])
Make = Callable[[type[RepositoryT]], Awaitable[RepositoryT]]
T0 = dt.datetime(2026, 3, 9, 13, 0, 0, 123456, tzinfo=dt.UTC)


class Tally(BaseModel):
    """A small aggregate with the field kinds our services store."""

    name: str
    count: int = 0
    tags: list[str] = []
    ref: str | None = None
    at: AwareDatetime | None = None
    on: dt.date | None = None
    owner: dict[str, str] = {}


class Counted(EventData):
    """An event a tally owes."""

    routing_key = "contract.counted"
    name: str


class Tallies(AggregateRepository[Tally]):
    """A repository with the named queries and indexes of a service's."""

    collection_name = "tallies"
    state_model = Tally
    inbox_limit = 3
    indexes: ClassVar[tuple[IndexSpec, ...]] = (
        IndexSpec(
            (("ref", 1),), "ref_unique", unique=True, partial_filter={"ref": {"$type": "string"}}
        ),
        IndexSpec((("name", 1), ("count", 1)), "name_count"),
        IndexSpec((("tags", 1), ("on", 1)), "tags_on"),
        IndexSpec((("owner.city", 1), ("at", -1)), "owner_city_at"),
    )


def _counted(name: str, event_id: str | None = None) -> Any:
    return new_event(Counted(name=name), source="/test", subject=name, now=T0, event_id=event_id)


def _bump(by: int = 1, *, events: bool = False) -> Callable[[Tally | None], Change[Tally]]:
    def decide(current: Tally | None) -> Change[Tally]:
        tally = current or Tally(name="t")
        owed = [_counted(tally.name)] if events else []
        return Change(tally.model_copy(update={"count": tally.count + by}), owed)

    return decide


@pytest.fixture(
    params=[
        pytest.param("twin", marks=pytest.mark.unit),
        pytest.param("server", marks=pytest.mark.service),
    ]
)
def make(request: pytest.FixtureRequest) -> Make[Any]:
    """Repositories on one database: the twin's, or a fresh one on the real server."""
    if request.param == "twin":
        memory = MemoryDatabase()

        async def on_twin(cls: type[RepositoryT]) -> RepositoryT:
            return in_memory(cls, memory)

        return on_twin
    client = request.getfixturevalue("mongo")
    database = client[f"{request.getfixturevalue('namespace')}contract"]

    async def on_server(cls: type[RepositoryT]) -> RepositoryT:
        repository = cls(database, check_queries=True)
        await repository.ensure_indexes()
        return repository

    return on_server


async def test_a_new_aggregate_is_stored_at_version_one_with_its_owed_events(
    make: Make[Any],
) -> None:
    tallies = await make(Tallies)
    assert await tallies.get("a") is None
    applied = await tallies.apply("a", _bump(events=True), event_id="e1")
    stored = await tallies.get("a")
    assert applied.changed and not applied.duplicate
    assert stored is not None and stored.version == 1 and stored.state.count == 1
    assert [entry["routing_key"] for entry in stored.outbox] == ["contract.counted"]
    assert stored.handled == ("e1",)


async def test_a_redelivered_event_changes_nothing(make: Make[Any]) -> None:
    tallies = await make(Tallies)
    await tallies.apply("a", _bump(events=True), event_id="e1")
    again = await tallies.apply("a", _bump(events=True), event_id="e1")
    stored = await tallies.get("a")
    assert again.duplicate and not again.changed
    assert stored is not None and stored.version == 1 and stored.state.count == 1
    assert len(stored.outbox) == 1


async def test_the_inbox_keeps_the_latest_event_ids_only(make: Make[Any]) -> None:
    tallies = await make(Tallies)
    for number in range(5):
        await tallies.apply("a", _bump(), event_id=f"e{number}")
    stored = await tallies.get("a")
    assert stored is not None and stored.handled == ("e2", "e3", "e4")


async def test_a_decision_of_nothing_writes_nothing(make: Make[Any]) -> None:
    tallies = await make(Tallies)
    applied = await tallies.apply("a", lambda _current: None, event_id="e1")
    assert not applied.changed and applied.state is None
    assert await tallies.get("a") is None


async def test_a_stale_write_is_refused_by_the_version_guard(make: Make[Any]) -> None:
    tallies = await make(Tallies)
    await tallies.apply("a", _bump())
    stale = await tallies.get("a")
    assert stale is not None
    await tallies.update(stale, _bump()(stale.state))
    with pytest.raises(ConcurrencyConflict):
        await tallies.update(stale, _bump(10)(stale.state))
    stored = await tallies.get("a")
    assert stored is not None and stored.version == 2 and stored.state.count == 2


async def test_inserting_an_existing_aggregate_is_a_conflict(make: Make[Any]) -> None:
    tallies = await make(Tallies)
    await tallies.insert("a", Change(Tally(name="t")))
    with pytest.raises(ConcurrencyConflict):
        await tallies.insert("a", Change(Tally(name="u")))


async def test_another_process_writing_meanwhile_makes_apply_decide_again(make: Make[Any]) -> None:
    ours, theirs = await make(Tallies), await make(Tallies)
    await ours.apply("a", _bump())
    seen: list[int] = []

    def decide(current: Tally | None) -> Change[Tally]:
        assert current is not None
        seen.append(current.count)
        return _bump(10)(current)

    async def racing_decide() -> None:
        stored = await ours.get("a")
        assert stored is not None
        await theirs.update(stored, _bump()(stored.state))  # lands between our read and write

    original = ours.get
    raced = False

    async def get_then_race(aggregate_id: str) -> Any:
        nonlocal raced
        stored = await original(aggregate_id)
        if not raced:
            raced = True
            await racing_decide()
        return stored

    ours.get = get_then_race
    applied = await ours.apply("a", decide)
    stored = await original("a")
    assert seen == [1, 2] and applied.changed
    assert stored is not None and stored.state.count == 12 and stored.version == 3


async def test_concurrent_changes_of_one_aggregate_are_decided_one_at_a_time(
    make: Make[Any],
) -> None:
    tallies = await make(Tallies)
    decisions = 0

    def decide(current: Tally | None) -> Change[Tally]:
        nonlocal decisions
        decisions += 1
        return _bump()(current)

    await asyncio.gather(*(tallies.apply("a", decide, event_id=f"e{n}") for n in range(12)))
    stored = await tallies.get("a")
    assert stored is not None and stored.state.count == 12
    assert stored.version <= 12  # those that queued behind a write went out together
    assert decisions == 12  # serialised in the process: no conflict, so no second decision


async def test_a_value_a_unique_index_guards_is_held_once(make: Make[Any]) -> None:
    tallies = await make(Tallies)
    await tallies.insert("a", Change(Tally(name="t", ref="X-1")))
    await tallies.insert("b", Change(Tally(name="t")))
    await tallies.insert("c", Change(Tally(name="t")))  # no ref: the partial index ignores it
    with pytest.raises(UniqueViolation):
        await tallies.insert("d", Change(Tally(name="t", ref="X-1")))
    stored = await tallies.get("b")
    assert stored is not None
    with pytest.raises(DuplicateKeyError):  # on a change the server's error comes through as is
        await tallies.update(stored, Change(stored.state.model_copy(update={"ref": "X-1"})))


async def test_values_come_back_as_stored(make: Make[Any]) -> None:
    tallies = await make(Tallies)
    amsterdam = dt.timezone(dt.timedelta(hours=1))
    tally = Tally(name="t", at=T0.astimezone(amsterdam), on=dt.date(2026, 3, 9), tags=["x"])
    await tallies.insert("a", Change(tally))
    stored = await tallies.get("a")
    assert stored is not None
    assert stored.state.at == T0.replace(microsecond=123000)  # BSON keeps milliseconds
    assert stored.state.at is not None and stored.state.at.utcoffset() == dt.timedelta(0)
    assert stored.state.on == dt.date(2026, 3, 9) and stored.state.tags == ["x"]


async def test_queries_filter_sort_skip_and_limit_as_the_server_does(make: Make[Any]) -> None:
    tallies = await make(Tallies)
    rows = [
        ("a", Tally(name="n", count=3, tags=["x", "y"], on=dt.date(2026, 1, 5))),
        ("b", Tally(name="n", count=1, tags=["y"], on=dt.date(2026, 2, 5))),
        ("c", Tally(name="n", count=2, tags=[], on=None)),
        ("d", Tally(name="m", count=5, tags=["x"], on=dt.date(2026, 3, 5))),
    ]
    for key, tally in rows:
        await tallies.insert(key, Change(tally))

    async def ids(query: dict[str, Any], **options: Any) -> list[str]:
        return [stored.id for stored in await tallies.find(query, **options)]

    assert await ids({"name": "n"}, sort=[("name", 1), ("count", 1)]) == ["b", "c", "a"]
    assert await ids({"name": "n"}, sort=[("name", 1), ("count", -1)], skip=1, limit=1) == ["c"]
    assert await ids({"name": {"$in": ["m", "z"]}}) == ["d"]
    assert await ids({"name": "n", "count": {"$gte": 2, "$lt": 3}}) == ["c"]
    assert await ids({"tags": "x"}, sort=[("tags", 1), ("on", 1)]) == ["a", "d"]
    assert await ids({"tags": "y", "on": {"$gt": "2026-01-31"}}) == ["b"]
    assert await tallies.count({"name": "n", "count": {"$ne": 1}}) == 2
    assert await tallies.count({"name": {"$nin": ["n"]}}) == 1


async def test_dotted_paths_and_datetimes_query_as_the_server_does(make: Make[Any]) -> None:
    tallies = await make(Tallies)
    for key, city, hours in (("a", "Gent", 0), ("b", "Gent", 2), ("c", "Utrecht", 1)):
        at = T0 + dt.timedelta(hours=hours)
        await tallies.insert(key, Change(Tally(name="n", owner={"city": city}, at=at)))
    found = await tallies.find({"owner.city": "Gent"}, sort=[("owner.city", 1), ("at", -1)])
    assert [stored.id for stored in found] == ["b", "a"]
    later = T0 + dt.timedelta(minutes=30)
    newer = await tallies.find({"owner.city": "Gent", "at": {"$gte": later}})
    assert [stored.id for stored in newer] == ["b"]


async def test_a_query_no_declared_index_serves_is_refused(make: Make[Any]) -> None:
    tallies = await make(Tallies)
    with pytest.raises(UncoveredQuery):
        await tallies.find({"count": 3})


async def test_a_timer_fires_once_when_due_and_not_before(make: Make[Any]) -> None:
    timers, other_replica = await make(TimerRepository), await make(TimerRepository)
    await timers.schedule("late", Timer(kind="k", due_at=T0 + dt.timedelta(hours=2)))
    await timers.schedule("soon", Timer(kind="k", due_at=T0 + dt.timedelta(hours=1)))
    await timers.schedule("later", Timer(kind="k", due_at=T0 + dt.timedelta(days=1)))
    due = await timers.due(T0 + dt.timedelta(hours=3))
    assert [stored.id for stored in due] == ["soon", "late"]
    first = due[0]
    assert await timers.fire(first, T0, [_counted("soon")])
    assert not await other_replica.fire(first, T0)  # the same read: the other replica lost
    fired = await timers.get("soon")
    assert fired is not None and fired.state.status == FIRED and len(fired.outbox) == 1
    assert [stored.id for stored in await timers.due(T0 + dt.timedelta(hours=3))] == ["late"]


async def test_a_cancelled_or_rescheduled_timer_keeps_its_new_word(make: Make[Any]) -> None:
    timers = await make(TimerRepository)
    await timers.schedule("a", Timer(kind="k", due_at=T0))
    await timers.schedule("a", Timer(kind="k", due_at=T0 + dt.timedelta(days=2)))
    assert await timers.due(T0 + dt.timedelta(days=1)) == []
    assert await timers.cancel("a") and not await timers.cancel("a")
    assert not await timers.cancel("unknown")
    stored = await timers.get("a")
    assert stored is not None and stored.state.status != PENDING


async def test_a_postponed_timer_is_due_again_at_its_new_time(make: Make[Any]) -> None:
    timers = await make(TimerRepository)
    await timers.schedule("a", Timer(kind="k", due_at=T0))
    stored = (await timers.due(T0))[0]
    claimed = await timers.postpone(stored, T0 + dt.timedelta(minutes=5))
    assert claimed is not None and await timers.postpone(stored, T0) is None
    assert await timers.due(T0 + dt.timedelta(minutes=4)) == []
    assert [s.id for s in await timers.due(T0 + dt.timedelta(minutes=5))] == ["a"]


async def test_parked_events_wait_once_each_and_come_back_typed_in_arrival_order(
    make: Make[Any],
) -> None:
    lot = await make(ParkingLot)
    early = [
        new_event(
            ParticipantWithdrawn(cohort_id="k", participant_id=f"p-{n}", withdrawn_at=T0),
            source="/elsewhere",
            subject="k",
            now=T0,
        )
        for n in (1, 2)
    ]
    for event in (*early, early[0]):
        await lot.park("cohort/k", event)
    seen: list[str] = []

    async def withdrawn(event: Any) -> None:
        assert isinstance(event.data, ParticipantWithdrawn)
        seen.append(event.data.participant_id)

    assert await lot.replay("cohort/k", {ParticipantWithdrawn: withdrawn}) == 2
    assert await lot.replay("cohort/k", {ParticipantWithdrawn: withdrawn}) == 0
    assert seen == ["p-1", "p-2"]
