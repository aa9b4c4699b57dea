"""The embedded outbox: one atomic write per change, a relay that publishes each event once."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
from typing import ClassVar

import aio_pika
import pytest
from faststream.rabbit import RabbitBroker
from pydantic import BaseModel, ConfigDict
from pymongo import AsyncMongoClient

from shared.contracts.envelope import new_event
from shared.contracts.intake import ParticipantWithdrawn
from shared.messaging.poisoned_events import POISON_AFTER, PoisonedEvents
from shared.messaging.publish_channel import PublishRefused
from shared.messaging.publisher import RabbitPublisher, RecordingPublisher
from shared.messaging.relay import OutboxRelay
from shared.messaging.topology import Topology
from shared.persistence.indexes import IndexSpec
from shared.persistence.mongo import Document
from shared.persistence.repository import AggregateRepository, Change, ConcurrencyConflict
from shared.set_aside_wording import ReplayOutcome
from tests.support.waiting import wait_until_async

pytestmark = pytest.mark.service

NOW = dt.datetime(2026, 3, 9, 13, 0, tzinfo=dt.UTC)


class Counter(BaseModel):
    """A tiny aggregate: how often it was bumped."""

    model_config = ConfigDict(frozen=True)
    count: int = 0


class CounterRepository(AggregateRepository[Counter]):
    collection_name = "counters"
    state_model = Counter
    indexes: ClassVar[tuple[IndexSpec, ...]] = ()


def _event(n: int) -> object:
    payload = ParticipantWithdrawn(cohort_id="c", participant_id=f"p{n}", withdrawn_at=NOW)
    return new_event(payload, source="/test", subject="c", now=NOW)


def _bump(n: int):  # type: ignore[no-untyped-def]
    def decide(current: Counter | None) -> Change[Counter]:
        state = current or Counter()
        return Change(Counter(count=state.count + 1), [_event(n)])  # type: ignore[list-item]

    return decide


@pytest.fixture
async def counters(mongo: AsyncMongoClient[Document], namespace: str) -> CounterRepository:
    repository = CounterRepository(mongo[f"{namespace}outbox"], check_queries=True)
    await repository.ensure_indexes()
    return repository


async def test_a_stale_write_is_refused_and_apply_retries_so_no_update_is_lost(
    counters: CounterRepository,
) -> None:
    await counters.apply("a", _bump(0))
    stale = await counters.get("a")
    assert stale is not None
    await counters.update(stale, Change(Counter(count=10)))
    with pytest.raises(ConcurrencyConflict):
        await counters.update(stale, Change(Counter(count=99)))
    await asyncio.gather(*(counters.apply("a", _bump(n)) for n in range(1, 11)))
    final = await counters.get("a")
    assert final is not None
    assert final.state.count == 20
    assert len(final.outbox) == 11


async def test_a_handled_event_id_changes_nothing_the_second_time(
    counters: CounterRepository,
) -> None:
    first = await counters.apply("a", _bump(1), event_id="evt-1")
    again = await counters.apply("a", _bump(1), event_id="evt-1")
    assert first.changed and not again.changed and again.duplicate
    stored = await counters.get("a")
    assert stored is not None and stored.state.count == 1


async def test_two_relays_at_once_publish_every_event_exactly_once(
    counters: CounterRepository,
) -> None:
    for aggregate in range(40):
        for n in range(3):
            await counters.apply(f"agg-{aggregate}", _bump(aggregate * 10 + n))
    publisher = RecordingPublisher()
    relays = [OutboxRelay([counters.collection], publisher) for _ in range(2)]
    counts = await asyncio.gather(*(relay.drain() for relay in relays))
    ids = [json.loads(body)["id"] for _, body in publisher.published]
    assert sum(counts) == 120
    assert len(ids) == len(set(ids)) == 120
    assert await counters.count({"pending_events": {"$gt": 0}}) == 0


async def test_events_written_while_the_relay_publishes_stay_for_the_next_round(
    counters: CounterRepository,
) -> None:
    await counters.apply("a", _bump(1))

    class SlowPublisher(RecordingPublisher):
        async def publish(
            self, body: bytes, *, routing_key: str, message_id: str, subject: str | None
        ) -> None:
            if not self.published:  # a domain write lands while the first event is in flight
                await counters.apply("a", _bump(100))
            await super().publish(
                body, routing_key=routing_key, message_id=message_id, subject=subject
            )

    slow = SlowPublisher()
    relay = OutboxRelay([counters.collection], slow)
    await relay.drain()
    stored = await counters.get("a")
    assert stored is not None
    assert len(stored.outbox) == 0
    ids = [json.loads(body)["id"] for _, body in slow.published]
    assert len(ids) == len(set(ids)) == 2


async def test_a_relay_that_died_after_claiming_is_taken_over_when_its_lease_ends(
    counters: CounterRepository,
) -> None:
    await counters.apply("a", _bump(1))
    clock = [NOW]

    class Crash(Exception):
        pass

    class CrashingPublisher(RecordingPublisher):
        async def publish(
            self, body: bytes, *, routing_key: str, message_id: str, subject: str | None
        ) -> None:
            raise Crash

    dying = OutboxRelay([counters.collection], CrashingPublisher(), now=lambda: clock[0])
    dying._release = lambda *args: asyncio.sleep(0)  # type: ignore[method-assign] # a SIGKILL releases nothing
    with pytest.raises(Crash):
        await dying.drain()
    survivor_publisher = RecordingPublisher()
    survivor = OutboxRelay([counters.collection], survivor_publisher, now=lambda: clock[0])
    assert await survivor.drain() == 0, "the lease still protects the dead relay's claim"
    clock[0] = NOW + dt.timedelta(seconds=16)
    assert await survivor.drain() == 1
    assert len(survivor_publisher.published) == 1


async def test_an_aggregate_relayed_once_has_its_later_events_relayed_too(
    counters: CounterRepository,
) -> None:
    publisher = RecordingPublisher()
    relay = OutboxRelay([counters.collection], publisher)
    for round_number in range(3):
        await counters.apply("a", _bump(round_number))
        assert await relay.drain() == 1, f"round {round_number}"
    assert len(publisher.published) == 3


async def test_a_writers_own_events_go_out_at_once_without_a_claim(
    mongo: AsyncMongoClient[Document], namespace: str
) -> None:
    publisher = RecordingPublisher()
    relay = OutboxRelay([], publisher, poll_seconds=3600)  # no poll: only the hand-over can publish
    counters = CounterRepository(mongo[f"{namespace}outbox"], relay=relay)
    relay.start()
    try:
        await counters.apply("a", _bump(1))
        await counters.apply("a", _bump(2))

        async def published_and_cleared() -> bool:
            stored = await counters.get("a")
            return len(publisher.published) == 2 and stored is not None and not stored.outbox

        await wait_until_async(published_and_cleared, timeout=5)
    finally:
        await relay.stop()
    ids = [json.loads(body)["id"] for _, body in publisher.published]
    assert len(set(ids)) == 2
    stored = await counters.get("a")
    assert stored is not None and stored.relay_lease == (0, None), "the lease is given back"


async def test_events_leased_by_a_writer_that_died_are_published_when_its_lease_ends(
    mongo: AsyncMongoClient[Document], namespace: str
) -> None:
    clock = [NOW]
    dead = OutboxRelay([], RecordingPublisher(), now=lambda: clock[0])  # never runs: killed
    await CounterRepository(mongo[f"{namespace}outbox"], relay=dead).apply("a", _bump(1))
    publisher = RecordingPublisher()
    survivor = OutboxRelay(
        [mongo[f"{namespace}outbox"]["counters"]], publisher, now=lambda: clock[0]
    )
    assert await survivor.drain() == 0, "the writer's lease protects its events"
    clock[0] = NOW + dt.timedelta(seconds=16)
    assert await survivor.drain() == 1
    assert len(publisher.published) == 1


class BlockedBroker(RabbitPublisher):
    """A broker under a memory or disk alarm: it takes the publish and never confirms."""

    def __init__(self) -> None:
        super().__init__(
            RabbitBroker(), Topology("t_").events, "guest", confirm_timeout_seconds=0.3
        )
        self.blocked = True
        self.confirmed: list[str] = []

    async def _send(self, message: aio_pika.Message, routing_key: str) -> None:
        while self.blocked:
            await asyncio.sleep(3600)
        self.confirmed.append(str(message.message_id))


async def test_a_publish_whose_confirm_never_comes_times_out_and_its_event_stays_owed(
    counters: CounterRepository,
) -> None:
    broker = BlockedBroker()
    relay = OutboxRelay([counters.collection], broker, lease_seconds=30)
    await counters.apply("a", _bump(0))
    began = asyncio.get_running_loop().time()
    with pytest.raises(TimeoutError):
        await relay.drain()
    assert asyncio.get_running_loop().time() - began < 2, "the relay is not stalled for ever"
    document = await counters.collection.find_one({"_id": "a"})
    assert document is not None and document["pending_events"] == 1, "still owed"
    assert document["relay_lease_until_ms"] == 0, "released: any replica may publish it next"
    broker.blocked = False
    assert await relay.drain() == 1
    assert broker.confirmed == [document["outbox"][0]["id"]]


class OtherRepository(CounterRepository):
    collection_name = "others"


class RefusingPublisher(RecordingPublisher):
    """The broker refuses the events named in `refused` (say, a routing key it forbids)."""

    def __init__(self) -> None:
        super().__init__()
        self.refused: set[str] = set()

    async def publish(
        self, body: bytes, *, routing_key: str, message_id: str, subject: str | None
    ) -> None:
        if message_id in self.refused:
            raise PublishRefused(f"{routing_key}: ACCESS_REFUSED")
        await super().publish(body, routing_key=routing_key, message_id=message_id, subject=subject)


async def test_a_poison_outbox_event_is_set_aside_blocks_nothing_and_can_be_replayed(
    mongo: AsyncMongoClient[Document], namespace: str
) -> None:
    database = mongo[f"{namespace}poison"]
    counters, others = CounterRepository(database), OtherRepository(database)
    clock, publisher = [NOW], RefusingPublisher()
    poisoned = PoisonedEvents(database)
    relay = OutboxRelay(
        [counters.collection, others.collection], publisher, now=lambda: clock[0], poisoned=poisoned
    )
    await counters.apply("bad", _bump(0))
    stored = await counters.get("bad")
    assert stored is not None
    bad_id = stored.outbox[0]["id"]
    publisher.refused.add(bad_id)
    for round_number in range(1, POISON_AFTER + 1):
        await others.apply("good", _bump(round_number))
        await relay.drain()
        clock[0] += dt.timedelta(seconds=16)  # the refused document's lease lapses
    assert len(publisher.published) == POISON_AFTER  # every other collection's event went out
    [aside] = await poisoned.poisoned()
    assert aside["_id"] == bad_id and "ACCESS_REFUSED" in aside["reason"]
    assert await poisoned.count() == 1
    await counters.apply("bad", _bump(9))  # the aggregate's later events are not held back
    await relay.drain()
    assert len(publisher.published) == POISON_AFTER + 1
    publisher.refused.clear()  # the cause is fixed: staff replay the event
    assert await poisoned.replay(bad_id, clock[0]) is ReplayOutcome.DONE
    await relay.drain()
    assert len(publisher.published) == POISON_AFTER + 2 and await poisoned.count() == 0
