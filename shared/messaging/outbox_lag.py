"""Outbox lag per service collection: events written but not yet confirmed by the broker."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from pymongo.asynchronous.database import AsyncDatabase

from shared.persistence.mongo import Document

PENDING = {"pending_events": {"$gt": 0}}


@dataclass(frozen=True)
class OutboxLag:
    """Pending events of one collection and how long the oldest has waited."""

    collection: str
    documents: int
    events: int
    oldest_seconds: float | None


def event_time(entry: Document) -> dt.datetime | None:
    """The CloudEvent `time` of an owed event, read from its stored bytes."""
    try:
        value = json.loads(entry["body"])["time"]
        return dt.datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except (KeyError, TypeError, ValueError):
        return None


async def outbox_lag(database: AsyncDatabase[Document], now: dt.datetime) -> list[OutboxLag]:
    """One row per collection that has an outbox (documents with `pending_events`)."""
    rows: list[OutboxLag] = []
    for name in sorted(await database.list_collection_names()):
        if name.startswith("system.") or name.endswith((".files", ".chunks")):
            continue
        collection = database[name]
        if await collection.find_one({"pending_events": {"$exists": True}}) is None:
            continue
        documents = events = 0
        oldest: dt.datetime | None = None
        async for document in collection.find(PENDING, {"outbox": 1, "pending_events": 1}):
            documents += 1
            events += int(document.get("pending_events") or 0)
            for entry in document.get("outbox") or []:
                at = event_time(json.loads(entry) if isinstance(entry, str) else entry)
                if at is not None and (oldest is None or at < oldest):
                    oldest = at
        age = (now - oldest).total_seconds() if oldest else None
        rows.append(OutboxLag(name, documents, events, age))
    return rows
