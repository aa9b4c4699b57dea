"""The relay's poll on the twin: one probe for all watched collections, a claim only for what
it found, and fewer probes while nothing is owed (on a virtual clock: no real waiting)."""

from __future__ import annotations

import asyncio
import datetime as dt
from typing import Any

import pytest

from shared.messaging.publisher import RecordingPublisher
from shared.messaging.relay import IDLE_BACKOFF, OutboxRelay
from shared.persistence.memory import MemoryCollection, MemoryDatabase
from shared.persistence.owed_probe import PROBE_COLLECTION
from tests.support.virtual_time import virtual_time
from tests.unit.shared.test_relay_batches import owe, owed_ids, typed

pytestmark = pytest.mark.unit

NOW = dt.datetime(2026, 3, 9, 13, 0, tzinfo=dt.UTC)


class Watched(MemoryCollection):
    """The twin, counting probes and claims."""

    def __init__(self, name: str, database: MemoryDatabase) -> None:
        super().__init__(name, database)
        self.probes = self.claims = 0

    async def aggregate(self, pipeline: Any) -> Any:
        self.probes += 1
        return await super().aggregate(pipeline)

    async def find_one_and_update(self, *args: Any, **kwargs: Any) -> Any:
        self.claims += 1
        return await super().find_one_and_update(*args, **kwargs)


def watched(*names: str) -> list[Watched]:
    database = MemoryDatabase()
    for name in (PROBE_COLLECTION, *names):
        database._collections[name] = Watched(name, database)
    return [database._collections[name] for name in (PROBE_COLLECTION, *names)]  # type: ignore[misc]


async def test_an_idle_poll_asks_once_for_all_collections_and_claims_nothing() -> None:
    probe, *collections = watched("cases", "timelines", "timers")
    relay = OutboxRelay([typed(c) for c in collections], RecordingPublisher(), now=lambda: NOW)
    assert await relay.drain() == 0
    assert probe.probes == 1, "one round trip for three collections"
    assert [c.probes for c in collections] == [0, 0, 0], "no watched collection is scanned"
    assert sum(c.claims for c in collections) == 0


async def test_only_found_documents_are_claimed_and_a_live_lease_is_left_alone() -> None:
    _, cases, timelines, timers = watched("cases", "timelines", "timers")
    now_ms = int(NOW.timestamp() * 1000)
    await owe(timers, "t1", "e1")
    await owe(timers, "t2", "e2", lease=now_ms + 5_000)  # a writer still holds it
    await owe(timelines, "l1", "e3")
    publisher = RecordingPublisher()
    relay = OutboxRelay([typed(c) for c in (cases, timelines, timers)], publisher, now=lambda: NOW)
    assert await relay.drain() == 2
    assert timers.claims == 1 and timelines.claims == 1 and cases.claims == 0
    assert await owed_ids(timers, "t1") == [] and await owed_ids(timelines, "l1") == []
    assert await owed_ids(timers, "t2") == ["e2"]


async def test_the_poll_backs_off_while_idle_and_still_finds_a_lapsed_lease_in_time() -> None:
    probe, timers = watched("timers")
    publisher = RecordingPublisher()
    with virtual_time() as clock:
        start = clock.time()
        relay = OutboxRelay(
            [typed(timers)],
            publisher,
            poll_seconds=0.5,
            now=lambda: NOW + dt.timedelta(seconds=clock.time() - start),
        )
        until = int(NOW.timestamp() * 1000) + 15_000  # a crashed writer's lease
        await owe(timers, "t1", "e1", lease=until)
        relay.start()
        try:
            while not publisher.published:
                await asyncio.sleep(0.05)
            found_after = clock.time() - start
        finally:
            await relay.stop()
    assert 15 < found_after <= 15 + 0.5 * IDLE_BACKOFF + 0.1  # 0.1: this test's own looking
    assert probe.probes <= 15 / (0.5 * IDLE_BACKOFF) + 4, "every 0.5 s would be 30 probes"
    assert await owed_ids(timers, "t1") == []
