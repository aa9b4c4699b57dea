"""The relay on the twin: a batch's confirms awaited together, only confirmed events removed,
the removals of several documents in one bulk write, a refused event alone blamed."""

from __future__ import annotations

import asyncio
import datetime as dt
from typing import Any, cast

import pytest
from pymongo.asynchronous.collection import AsyncCollection

from shared.messaging.poisoned_events import PoisonedEvents
from shared.messaging.publish_channel import PublishRefused
from shared.messaging.publisher import RecordingPublisher
from shared.messaging.relay import OutboxRelay
from shared.persistence.memory import MemoryCollection, MemoryDatabase
from shared.persistence.mongo import Document

pytestmark = pytest.mark.unit

NOW = dt.datetime(2026, 3, 9, 13, 0, tzinfo=dt.UTC)


def entry(event_id: str) -> Document:
    return {"id": event_id, "body": "{}", "routing_key": "case.submitted", "subject": "c"}


async def owe(collection: MemoryCollection, key: str, *ids: str, lease: int = 0) -> Document:
    document = {
        "_id": key,
        "version": 1,
        "outbox": [entry(i) for i in ids],
        "pending_events": len(ids),
        "relay_lease_until_ms": lease,
        "relay_owner": None,
    }
    await collection.insert_one(document)
    return document


def typed(collection: MemoryCollection) -> AsyncCollection[Document]:
    return cast(AsyncCollection[Document], collection)


async def owed_ids(collection: MemoryCollection, key: str) -> list[str]:
    stored = await collection.find_one({"_id": key})
    assert stored is not None
    assert stored["pending_events"] == len(stored["outbox"])
    return [e["id"] for e in stored["outbox"]]


class Broker(RecordingPublisher):
    """Confirms after every publish of the round was sent; fails the ids it is told to."""

    def __init__(self) -> None:
        super().__init__()
        self.failing: dict[str, BaseException] = {}
        self.alone_ok: set[str] = set()  # refused only beside others (their channel closed)
        self.in_flight = self.most_in_flight = 0
        self.before_confirm: list[Any] = []

    async def publish(
        self, body: bytes, *, routing_key: str, message_id: str, subject: str | None
    ) -> None:
        self.in_flight += 1
        self.most_in_flight = max(self.most_in_flight, self.in_flight)
        try:
            await asyncio.sleep(0)  # the confirm comes later: the others are sent meanwhile
            for hook in self.before_confirm:
                await hook()
            self.before_confirm.clear()
            alone = self.in_flight == 1
            if message_id in self.failing and not (alone and message_id in self.alone_ok):
                raise self.failing[message_id]
        finally:
            self.in_flight -= 1
        self.published.append((routing_key, message_id.encode()))

    @property
    def ids(self) -> list[str]:
        return [body.decode() for _, body in self.published]


class Counting(MemoryCollection):
    """The twin, counting the calls the relay makes."""

    def __init__(self, name: str, database: MemoryDatabase) -> None:
        super().__init__(name, database)
        self.calls: dict[str, int] = {}

    def count(self, name: str) -> None:
        self.calls[name] = self.calls.get(name, 0) + 1

    async def update_one(self, query: Any, update: Any) -> Any:
        self.count("update_one")
        return await super().update_one(query, update)

    async def bulk_write(self, requests: Any, ordered: bool = True) -> Any:
        self.count("bulk_write")
        return await super().bulk_write(requests, ordered)


@pytest.fixture
def counters() -> Counting:
    database = MemoryDatabase()
    database._collections["counters"] = collection = Counting("counters", database)
    return collection


async def test_a_failed_confirm_leaves_exactly_that_event_owed_and_its_document_released(
    counters: Counting,
) -> None:
    await owe(counters, "a", "e1", "e2")
    await owe(counters, "b", "e3")
    broker = Broker()
    broker.failing["e2"] = TimeoutError("no confirm")
    relay = OutboxRelay([typed(counters)], broker, now=lambda: NOW)
    with pytest.raises(TimeoutError):
        await relay.drain()
    assert broker.most_in_flight == 3, "all three sent before any confirm was awaited"
    assert sorted(broker.ids) == ["e1", "e3"]
    assert await owed_ids(counters, "a") == ["e2"]
    assert await owed_ids(counters, "b") == []
    stored = await counters.find_one({"_id": "a"})
    assert stored is not None and stored["relay_lease_until_ms"] == 0, "released for a retry"
    del broker.failing["e2"]
    assert await relay.drain() == 1
    assert await owed_ids(counters, "a") == []


async def test_handed_over_documents_are_cleared_in_one_bulk_write(counters: Counting) -> None:
    broker = Broker()
    relay = OutboxRelay([typed(counters)], broker, now=lambda: NOW)
    until, _ = relay.lease()
    for key, event_id in (("a", "e1"), ("b", "e2"), ("c", "e3")):
        document = await owe(counters, key, event_id, lease=until)
        relay.hand_over(typed(counters), document)
    assert await relay.publish_handed() == 3
    assert broker.most_in_flight == 3
    assert counters.calls == {"bulk_write": 1}
    for key in "abc":
        assert await owed_ids(counters, key) == []


async def test_a_document_written_meanwhile_is_read_again_and_its_new_events_stay(
    counters: Counting,
) -> None:
    await owe(counters, "a", "e1")
    await owe(counters, "b", "e2")
    broker = Broker()

    async def a_writer_adds_an_event() -> None:
        stored = await counters.find_one({"_id": "a"})
        assert stored is not None
        outbox = [*stored["outbox"], entry("e9")]
        await counters.update_one(
            {"_id": "a"},
            {"$set": {"outbox": outbox, "pending_events": 2}, "$inc": {"version": 1}},
        )

    broker.before_confirm.append(a_writer_adds_an_event)
    relay = OutboxRelay([typed(counters)], broker, now=lambda: NOW)
    await relay.publish_handed()
    relay.hand_over(typed(counters), (await counters.find_one({"_id": "b"})) or {})
    relay.hand_over(typed(counters), (await counters.find_one({"_id": "a"})) or {})
    assert await relay.publish_handed() == 2
    assert await owed_ids(counters, "a") == ["e9"], "the guard missed; read again, e1 removed"
    assert await owed_ids(counters, "b") == []
    assert await relay.drain() == 1 and await owed_ids(counters, "a") == []


class Poisoned:
    """Sets an event aside at its first failure; remembers which ones failed."""

    def __init__(self) -> None:
        self.failures: list[str] = []

    async def failed(
        self, source: str, aggregate_id: Any, entry: Document, reason: str, now: dt.datetime
    ) -> bool:
        self.failures.append(entry["id"])
        return True

    async def published(self, event_id: str) -> None:
        return None


async def test_a_refused_event_is_set_aside_and_only_it_is_blamed(counters: Counting) -> None:
    await owe(counters, "a", "e1", "bad")
    await owe(counters, "b", "e2")
    broker = Broker()
    broker.failing["bad"] = PublishRefused("ACCESS_REFUSED")
    broker.failing["e1"] = PublishRefused("ACCESS_REFUSED")  # its channel closed under it
    broker.alone_ok.add("e1")
    poisoned = Poisoned()
    relay = OutboxRelay(
        [typed(counters)], broker, now=lambda: NOW, poisoned=cast(PoisonedEvents, poisoned)
    )
    assert await relay.drain() == 2
    assert poisoned.failures == ["bad"]
    assert sorted(broker.ids) == ["e1", "e2"]
    assert await owed_ids(counters, "a") == [] and await owed_ids(counters, "b") == []


async def test_an_event_carried_by_two_handed_over_versions_goes_out_once(
    counters: Counting,
) -> None:
    first = await owe(counters, "a", "e1")
    broker = Broker()
    relay = OutboxRelay([typed(counters)], broker, now=lambda: NOW)
    newer = {**first, "version": 2, "outbox": [entry("e1"), entry("e2")]}
    await counters.update_one(
        {"_id": "a"}, {"$set": {"version": 2, "outbox": newer["outbox"], "pending_events": 2}}
    )
    relay.hand_over(typed(counters), first)
    relay.hand_over(typed(counters), newer)
    assert await relay.publish_handed() == 2
    assert sorted(broker.ids) == ["e1", "e2"]
    assert await owed_ids(counters, "a") == []
