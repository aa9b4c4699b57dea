"""Finding owed events for the relay's poll: one round trip for all watched collections.

The poll mostly finds nothing (writers hand their own documents over), so instead of a claim per
collection it asks once, with `$unionWith`, which documents owe events under no live lease, and
claims only those.

Stand-in (nx-27017) workarounds, kept here only: it answers a `$unionWith` over a collection that
does not exist yet with an error where MongoDB sees an empty collection (then each collection is
asked on its own), and a `$project` of `_id` alone is ignored (so the stage also computes a field).
Its projections return `_id` as a string, which is what our aggregates' ids are.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pymongo.asynchronous.collection import AsyncCollection
from pymongo.errors import OperationFailure

from shared.persistence.mongo import Document

PROBE_LIMIT = 100
_TAG = "_watched"  # which of the watched collections a found document is in
# The aggregate runs on a collection that holds nothing, so the round trip is counted as the
# relay's (not as a scan of the first watched collection) and every watched one is a union.
PROBE_COLLECTION = "outbox_probe"


def owed_filter(now_ms: int) -> Document:
    """Documents that owe events and whose lease (a writer's or a relay's) has run out."""
    return {"pending_events": {"$gt": 0}, "relay_lease_until_ms": {"$lt": now_ms}}


def _stages(now_ms: int, index: int) -> list[Document]:
    return [{"$match": owed_filter(now_ms)}, {"$project": {"_id": 1, _TAG: {"$literal": index}}}]


def probe_pipeline(names: Sequence[str], now_ms: int, limit: int) -> list[Document]:
    """The aggregate run on `PROBE_COLLECTION`: the owed documents of every named collection."""
    unions = [
        {"$unionWith": {"coll": name, "pipeline": _stages(now_ms, index)}}
        for index, name in enumerate(names)
    ]
    return [{"$match": {"_id": {"$exists": False}}}, *unions, {"$limit": limit}]


def _missing_collection(exc: OperationFailure) -> bool:
    return "no such table" in str(exc)


async def _one_by_one(
    collections: Sequence[AsyncCollection[Document]], now_ms: int, limit: int
) -> list[tuple[int, Any]]:
    found: list[tuple[int, Any]] = []
    for index, collection in enumerate(collections):
        cursor = collection.find(owed_filter(now_ms), {"_id": 1}, limit=limit - len(found))
        found.extend([(index, document["_id"]) async for document in cursor])
        if len(found) >= limit:
            break
    return found


async def _in_one_database(
    collections: Sequence[AsyncCollection[Document]], now_ms: int, limit: int
) -> list[tuple[int, Any]]:
    pipeline = probe_pipeline([c.name for c in collections], now_ms, limit)
    try:
        cursor = await collections[0].database[PROBE_COLLECTION].aggregate(pipeline)
        return [(int(document[_TAG]), document["_id"]) async for document in cursor]
    except OperationFailure as exc:
        if not _missing_collection(exc):
            raise
        return await _one_by_one(collections, now_ms, limit)


async def owed_documents(
    collections: Sequence[AsyncCollection[Document]], now_ms: int, limit: int = PROBE_LIMIT
) -> list[tuple[AsyncCollection[Document], Any]]:
    """Up to `limit` (collection, `_id`) pairs owing events under no live lease: one aggregate
    per database (`$unionWith` reaches only collections of its own database)."""
    by_database: dict[str, list[AsyncCollection[Document]]] = {}
    for collection in collections:
        by_database.setdefault(collection.database.name, []).append(collection)
    found: list[tuple[AsyncCollection[Document], Any]] = []
    for group in by_database.values():
        if len(found) >= limit:
            break
        hits = await _in_one_database(group, now_ms, limit - len(found))
        found.extend((group[index], key) for index, key in hits)
    return found
