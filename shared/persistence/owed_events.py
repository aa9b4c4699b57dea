"""Rewriting an aggregate's owed events: one version-guarded write that also frees the lease."""

from __future__ import annotations

from collections.abc import Sequence

from pymongo.asynchronous.collection import AsyncCollection

from shared.persistence.mongo import Document


async def replace_owed(
    collection: AsyncCollection[Document], document: Document, outbox: Sequence[Document]
) -> bool:
    """Make `outbox` the document's owed events, its relay lease released; False when the
    document changed since it was read (its version moved on), so the caller reads again."""
    result = await collection.update_one(
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
    return result.matched_count == 1
