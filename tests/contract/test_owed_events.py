"""The relay's database calls agree on the twin and the server: a bulk write of version-guarded
updates, clearing several documents' published events, and the probe for owed documents."""

from __future__ import annotations

from typing import Any, cast

import pytest
from pymongo import UpdateOne
from pymongo.asynchronous.collection import AsyncCollection
from pymongo.asynchronous.database import AsyncDatabase

from shared.persistence.memory import MemoryDatabase
from shared.persistence.mongo import Document
from shared.persistence.owed_events import remove_owed_many
from shared.persistence.owed_probe import PROBE_COLLECTION, owed_documents, probe_pipeline

NOW_MS = 1_773_061_200_000


@pytest.fixture(
    params=[
        pytest.param("twin", marks=pytest.mark.unit),
        pytest.param("server", marks=pytest.mark.service),
    ]
)
def database(request: pytest.FixtureRequest) -> AsyncDatabase[Document]:
    """An empty database on the twin or on the server."""
    if request.param == "twin":
        return MemoryDatabase().as_database()
    client = request.getfixturevalue("mongo")
    return cast(AsyncDatabase[Document], client[f"{request.getfixturevalue('namespace')}owed"])


def entry(event_id: str) -> Document:
    return {"id": event_id, "body": "{}", "routing_key": "case.submitted"}


async def owe(
    collection: AsyncCollection[Document], key: str, *ids: str, lease: int = 0
) -> Document:
    document = {
        "_id": key,
        "version": 3,
        "outbox": [entry(i) for i in ids],
        "pending_events": len(ids),
        "relay_lease_until_ms": lease,
        "relay_owner": "me" if lease else None,
    }
    await collection.insert_one(dict(document))
    return document


async def stored(collection: AsyncCollection[Document], key: str) -> Document:
    found = await collection.find_one({"_id": key})
    assert found is not None
    return found


async def test_a_bulk_write_applies_the_updates_whose_guard_holds(
    database: AsyncDatabase[Document],
) -> None:
    cases = database["cases"]
    for key in "abc":
        await owe(cases, key, f"e-{key}")
    result = await cases.bulk_write(
        [
            UpdateOne({"_id": "a", "version": 3}, {"$set": {"version": 4, "pending_events": 0}}),
            UpdateOne({"_id": "b", "version": 2}, {"$set": {"version": 9, "pending_events": 0}}),
            UpdateOne({"_id": "c", "version": 3}, {"$set": {"version": 4}}),
        ],
        ordered=False,
    )
    assert result.matched_count == 2
    assert [(await stored(cases, k))["version"] for k in "abc"] == [4, 3, 4]
    assert (await stored(cases, "b"))["pending_events"] == 1, "its guard missed: untouched"
    assert (await stored(cases, "a"))["outbox"] == [entry("e-a")], "other fields are kept"


async def test_clearing_several_documents_reads_a_changed_one_again_and_keeps_its_new_events(
    database: AsyncDatabase[Document],
) -> None:
    cases = database["cases"]
    a = await owe(cases, "a", "e1", "e2", lease=NOW_MS)
    b = await owe(cases, "b", "e3", lease=NOW_MS)
    await cases.update_one(  # a writer adds an event to b after the relay read it
        {"_id": "b"},
        {
            "$set": {"outbox": [entry("e3"), entry("e4")], "pending_events": 2},
            "$inc": {"version": 1},
        },
    )
    await remove_owed_many(cases, [(a, {"e1"}), (b, {"e3"})])
    after_a, after_b = await stored(cases, "a"), await stored(cases, "b")
    assert (after_a["outbox"], after_a["pending_events"], after_a["version"]) == (
        [entry("e2")],
        1,
        4,
    )
    assert (after_b["outbox"], after_b["pending_events"], after_b["version"]) == (
        [entry("e4")],
        1,
        5,
    )
    assert after_a["relay_lease_until_ms"] == after_b["relay_lease_until_ms"] == 0
    assert after_a["relay_owner"] is None and after_b["relay_owner"] is None


async def test_the_probe_finds_owed_documents_without_a_live_lease_in_every_collection(
    database: AsyncDatabase[Document],
) -> None:
    cases, timers = database["cases"], database["timers"]
    not_yet = database["not_yet_written"]  # the server's answer for it: nothing
    await owe(cases, "c1", "e1")
    await owe(cases, "c2")  # owes nothing
    await owe(cases, "c3", "e3", lease=NOW_MS + 1)  # leased
    await owe(timers, "t1", "e4", lease=NOW_MS - 1)  # its lease ran out
    found = await owed_documents([cases, not_yet, timers], NOW_MS)
    assert sorted((c.name, key) for c, key in found) == [("cases", "c1"), ("timers", "t1")]
    assert all(isinstance(key, str) for _, key in found)
    assert len(await owed_documents([cases, not_yet, timers], NOW_MS, limit=1)) == 1
    assert await owed_documents([not_yet], NOW_MS) == []
    assert await owed_documents([], NOW_MS) == []


async def test_the_probe_brings_back_ids_not_the_documents(
    database: AsyncDatabase[Document],
) -> None:
    cases, timers = database["cases"], database["timers"]
    await owe(cases, "c1", "e1")
    await owe(timers, "t1", "e2")
    probe = database[PROBE_COLLECTION]
    cursor = await probe.aggregate(probe_pipeline(["cases", "timers"], NOW_MS, 10))
    answers: list[Any] = [document async for document in cursor]
    assert sorted(answers, key=str) == [{"_id": "c1", "_watched": 0}, {"_id": "t1", "_watched": 1}]
