"""Owed events whose publish keeps failing: set aside with their reason, so they block nothing."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pymongo import ReturnDocument
from pymongo.asynchronous.collection import AsyncCollection
from pymongo.asynchronous.database import AsyncDatabase

from shared.persistence.mongo import Document
from shared.persistence.owed_events import replace_owed

COLLECTION = "poisoned_events"
FAILING = "failing"
POISONED = "poisoned"
POISON_AFTER = 5


class PoisonedEvents:
    """One document per event that failed to publish: its failures, last reason, and once
    poisoned the outbox entry itself, taken out of its aggregate's outbox until replayed."""

    def __init__(self, database: AsyncDatabase[Document], poison_after: int = POISON_AFTER) -> None:
        self._database = database
        self.collection: AsyncCollection[Document] = database[COLLECTION]
        self._poison_after = poison_after

    async def ensure_indexes(self) -> None:
        """The console, the CLI and every metrics scrape look events up by status."""
        await self.collection.create_index("status")

    async def failed(
        self, source: str, aggregate_id: Any, entry: Document, reason: str, now: dt.datetime
    ) -> bool:
        """Count one failed publish; True when the event is now poisoned (take it out)."""
        record = await self.collection.find_one_and_update(
            {"_id": str(entry.get("id"))},
            {
                "$setOnInsert": {"status": FAILING},
                "$inc": {"failures": 1},
                "$set": {
                    "source": source,
                    "aggregate_id": aggregate_id,
                    "routing_key": str(entry.get("routing_key", "")),
                    "entry": entry,
                    "reason": reason[:300],
                    "failed_at": now.isoformat(),
                },
            },
            upsert=True,
            return_document=ReturnDocument.AFTER,
        )
        if record is None or int(record.get("failures", 0)) < self._poison_after:
            return False
        await self.collection.update_one({"_id": record["_id"]}, {"$set": {"status": POISONED}})
        return True

    async def published(self, event_id: str) -> None:
        """An event that failed before went out after all: forget its failures."""
        await self.collection.delete_one({"_id": event_id, "status": FAILING})

    async def poisoned(self, limit: int = 500) -> list[Document]:
        """The events set aside, for the console and the CLI (reason, key, where they came from)."""
        cursor = self.collection.find({"status": POISONED}, limit=limit)
        return [document async for document in cursor]

    async def count(self) -> int:
        """How many events are set aside, for the metrics."""
        return await self.collection.count_documents({"status": POISONED})

    async def replay(self, event_id: str) -> bool:
        """Owe a poisoned event again on its aggregate (the relay publishes it); False when it
        is not poisoned or its aggregate is gone."""
        record = await self.collection.find_one({"_id": event_id, "status": POISONED})
        if record is None:
            return False
        aggregates = self._database[record["source"]]
        while (document := await aggregates.find_one({"_id": record["aggregate_id"]})) is not None:
            outbox = [*document.get("outbox", ()), record["entry"]]
            if await replace_owed(aggregates, document, outbox):
                await self.collection.delete_one({"_id": event_id})
                return True
        return False
