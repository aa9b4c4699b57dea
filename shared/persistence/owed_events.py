"""Rewriting an aggregate's owed events: version-guarded writes that also free the lease."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import Any

from pymongo import UpdateOne
from pymongo.asynchronous.collection import AsyncCollection

from shared.persistence.mongo import Document


def _owed_update(document: Document, outbox: Sequence[Document]) -> tuple[Document, Document]:
    """The guard (this very version) and the rewrite, lease released, version bumped."""
    return (
        {"_id": document["_id"], "version": document["version"]},
        {
            "$set": {
                "outbox": list(outbox),
                "pending_events": len(outbox),
                "relay_lease_until_ms": 0,
                "relay_owner": None,
                "version": document["version"] + 1,
            }
        },
    )


def entry_id(entry: Any) -> Any:
    """An owed event's id; None for a malformed entry (no id, not even a mapping)."""
    return entry.get("id") if isinstance(entry, dict) else None


def _without(document: Document, removed: Collection[str]) -> list[Document]:
    return [entry for entry in document.get("outbox", ()) if entry_id(entry) not in removed]


async def replace_owed(
    collection: AsyncCollection[Document], document: Document, outbox: Sequence[Document]
) -> bool:
    """Make `outbox` the document's owed events, its relay lease released; False when the
    document changed since it was read (its version moved on), so the caller reads again."""
    result = await collection.update_one(*_owed_update(document, outbox))
    return result.matched_count == 1


async def remove_owed(
    collection: AsyncCollection[Document], document: Document, removed: Collection[str]
) -> None:
    """Remove these events from one document, reading it again while writes overtake ours."""
    while not await replace_owed(collection, document, _without(document, removed)):
        fresh = await collection.find_one({"_id": document["_id"]})
        if fresh is None:
            return
        document = fresh


def _newest(
    cleared: Sequence[tuple[Document, Collection[str]]],
) -> dict[Any, tuple[Document, set[str]]]:
    """One change per document: its newest version read, every id removed from any of them."""
    merged: dict[Any, tuple[Document, set[str]]] = {}
    for document, removed in cleared:
        held = merged.get(document["_id"])
        if held is None:
            merged[document["_id"]] = (document, set(removed))
            continue
        newest = document if document["version"] > held[0]["version"] else held[0]
        merged[document["_id"]] = (newest, held[1] | set(removed))
    return merged


async def remove_owed_many(
    collection: AsyncCollection[Document], cleared: Sequence[tuple[Document, Collection[str]]]
) -> None:
    """Remove published events from several documents in one bulk write; those written
    meanwhile (their guard missed) are read again and cleared again, later events staying."""
    merged = _newest(cleared)
    if not merged:
        return
    writes = [UpdateOne(*_owed_update(d, _without(d, removed))) for d, removed in merged.values()]
    result = await collection.bulk_write(writes, ordered=False)
    if result.matched_count == len(writes):
        return
    cursor = collection.find({"_id": {"$in": list(merged)}})
    async for fresh in cursor:
        removed = merged[fresh["_id"]][1]
        if any(entry_id(entry) in removed for entry in fresh.get("outbox", ())):
            await remove_owed(collection, fresh, removed)
