"""Owed events whose publish keeps failing: set aside with their reason, so they block nothing."""

from __future__ import annotations

import contextlib
import datetime as dt
from enum import StrEnum
from typing import Any

from pymongo import ReturnDocument
from pymongo.asynchronous.collection import AsyncCollection
from pymongo.asynchronous.database import AsyncDatabase

from shared.persistence.bson_values import epoch_ms
from shared.persistence.mongo import Document
from shared.persistence.owed_events import replace_owed
from shared.set_aside_wording import ReplayOutcome

COLLECTION = "poisoned_events"
FAILING = "failing"
POISONED = "poisoned"
REPLAYING = "replaying"  # claimed by one replay; a crash leaves the claim to lapse
SET_ASIDE = (POISONED, REPLAYING)
POISON_AFTER = 5
CLAIM_SECONDS = 60.0  # far beyond a replay's few writes, each bounded by the operation timeout


class Discarded(StrEnum):
    """What `discard` did."""

    DONE = "discarded"
    NOT_SET_ASIDE = "nothing set aside (or being replayed) under this id"
    OWABLE = "its aggregate still exists: replay it instead"


class PoisonedEvents:
    """One document per event that failed to publish: its failures, last reason, and once
    poisoned the outbox entry itself, taken out of its aggregate's outbox until replayed."""

    def __init__(
        self,
        database: AsyncDatabase[Document],
        poison_after: int = POISON_AFTER,
        claim_seconds: float = CLAIM_SECONDS,
    ) -> None:
        self._database = database
        self.collection: AsyncCollection[Document] = database[COLLECTION]
        self._poison_after = poison_after
        self._claim_ms = int(claim_seconds * 1000)

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
        """The events set aside, for the console and the CLI (reason, key, where they came from);
        one being replayed is listed too, since a crash may have left its claim behind."""
        cursor = self.collection.find({"status": {"$in": list(SET_ASIDE)}}, limit=limit)
        return [document async for document in cursor]

    async def count(self) -> int:
        """How many events are set aside, for the metrics."""
        return await self.collection.count_documents({"status": {"$in": list(SET_ASIDE)}})

    async def replay(self, event_id: str, now: dt.datetime) -> ReplayOutcome:
        """Owe a set-aside event again on its aggregate (the relay publishes it), once: the
        record is claimed first, so an overlapping replay is told BUSY and appends nothing."""
        claimed = await self._claim(event_id, epoch_ms(now))
        if isinstance(claimed, ReplayOutcome):
            return claimed
        try:
            owed = await self._owe(claimed)
        except Exception:
            await self._unclaim(claimed)
            raise
        if not owed:
            await self._unclaim(claimed)
            return ReplayOutcome.AGGREGATE_GONE
        # a crash before this delete leaves the claim to lapse; the next replay finds it owed
        await self.collection.delete_one({"_id": event_id, "status": REPLAYING})
        return ReplayOutcome.DONE

    async def discard(self, event_id: str) -> Discarded:
        """Forget a set-aside event whose aggregate is gone (the operator's call, after checking
        nobody misses it); one that could still be owed again is kept: replay that instead."""
        record = await self.collection.find_one({"_id": event_id, "status": POISONED})
        if record is None:
            return Discarded.NOT_SET_ASIDE
        aggregates = self._database[record["source"]]
        if await aggregates.find_one({"_id": record["aggregate_id"]}) is not None:
            return Discarded.OWABLE
        deleted = await self.collection.delete_one({"_id": event_id, "status": POISONED})
        return Discarded.DONE if deleted.deleted_count else Discarded.NOT_SET_ASIDE

    async def _claim(self, event_id: str, now_ms: int) -> Document | ReplayOutcome:
        """Take the record for one replay: a set-aside one, or one whose claim a crash left to
        lapse, guarded by what was read (status, and that claim's own value: scalars)."""
        record = await self.collection.find_one({"_id": event_id})
        if record is None or record.get("status") not in SET_ASIDE:
            return ReplayOutcome.NOT_SET_ASIDE
        guard = {"_id": event_id, "status": record["status"]}
        if record["status"] == REPLAYING:
            if (until := record.get("claimed_until_ms", 0)) >= now_ms:
                return ReplayOutcome.BUSY
            guard["claimed_until_ms"] = until
        found = await self.collection.find_one_and_update(
            guard,
            {"$set": {"status": REPLAYING, "claimed_until_ms": now_ms + self._claim_ms}},
            return_document=ReturnDocument.AFTER,
        )
        return ReplayOutcome.BUSY if found is None else found

    async def _owe(self, record: Document) -> bool:
        """Append the event to its aggregate's outbox unless it is owed there already (a replay
        that crashed after appending); False when the aggregate is gone."""
        aggregates = self._database[record["source"]]
        entry = record["entry"]
        while (document := await aggregates.find_one({"_id": record["aggregate_id"]})) is not None:
            outbox = list(document.get("outbox", ()))
            if any(isinstance(owed, dict) and owed.get("id") == entry["id"] for owed in outbox):
                return True
            if await replace_owed(aggregates, document, [*outbox, entry]):
                return True
        return False

    async def _unclaim(self, record: Document) -> None:
        """Set it aside again at once (a failed or refused replay), unless the claim moved on."""
        with contextlib.suppress(Exception):
            await self.collection.update_one(
                {"_id": record["_id"], "status": REPLAYING,
                 "claimed_until_ms": record["claimed_until_ms"]},
                {"$set": {"status": POISONED, "claimed_until_ms": 0}},
            )  # fmt: skip
