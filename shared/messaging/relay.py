"""The outbox relay: publish owed events with confirms, then remove exactly those events."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
import uuid
from collections.abc import Callable, Sequence

from pymongo import ReturnDocument
from pymongo.asynchronous.collection import AsyncCollection

from shared.messaging.publisher import RawPublisher
from shared.persistence.mongo import Document
from shared.persistence.repository import EPOCH

log = logging.getLogger(__name__)


def _wall_clock() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class OutboxRelay:
    """Safe with several replicas: a document is claimed with a lease before its events go out."""

    def __init__(
        self,
        collections: Sequence[AsyncCollection[Document]],
        publisher: RawPublisher,
        *,
        lease_seconds: float = 15.0,
        poll_seconds: float = 0.5,
        now: Callable[[], dt.datetime] = _wall_clock,
    ) -> None:
        self._collections = tuple(collections)
        self._publisher = publisher
        self._lease = dt.timedelta(seconds=lease_seconds)
        self._poll_seconds = poll_seconds
        self._now = now
        self._owner = uuid.uuid4().hex
        self._wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None

    def watch(self, *collections: AsyncCollection[Document]) -> None:
        """Relay the outboxes of these collections too."""
        self._collections += collections

    def wake(self) -> None:
        """Called right after a write that owes events, so they go out without waiting a poll."""
        self._wake.set()

    async def drain(self) -> int:
        """Publish everything owed now; returns how many events went out."""
        published = 0
        for collection in self._collections:
            while (document := await self._claim(collection)) is not None:
                published += await self._relay(collection, document)
        return published

    async def _claim(self, collection: AsyncCollection[Document]) -> Document | None:
        now = self._now()
        return await collection.find_one_and_update(
            {"pending_events": {"$gt": 0}, "relay_lease_until": {"$lt": now}},
            {"$set": {"relay_lease_until": now + self._lease, "relay_owner": self._owner}},
            return_document=ReturnDocument.AFTER,
        )

    async def _relay(self, collection: AsyncCollection[Document], document: Document) -> int:
        sent: set[str] = set()
        try:
            for entry in document.get("outbox", ()):
                await self._publisher.publish(
                    entry["body"].encode(),
                    routing_key=entry["routing_key"],
                    message_id=entry["id"],
                    subject=entry.get("subject"),
                )
                sent.add(entry["id"])
        except BaseException:
            await self._release(collection, document)
            raise
        await self._clear(collection, document, sent)
        return len(sent)

    async def _release(self, collection: AsyncCollection[Document], document: Document) -> None:
        """Give the claim back after a failed publish, so a retry need not await the lease."""
        with contextlib.suppress(Exception):
            await collection.update_one(
                {"_id": document["_id"], "relay_owner": self._owner},
                {"$set": {"relay_lease_until": EPOCH}},
            )

    async def _clear(
        self, collection: AsyncCollection[Document], document: Document, sent: set[str]
    ) -> None:
        """Remove the published events; events added meanwhile stay for the next round."""
        while True:
            remaining = [entry for entry in document.get("outbox", ()) if entry["id"] not in sent]
            result = await collection.update_one(
                {"_id": document["_id"], "version": document["version"]},
                {
                    "$set": {
                        "outbox": remaining,
                        "pending_events": len(remaining),
                        "relay_lease_until": EPOCH,
                        "version": document["version"] + 1,
                    }
                },
            )
            if result.matched_count == 1:
                return
            fresh = await collection.find_one({"_id": document["_id"]})
            if fresh is None:
                return
            document = fresh

    async def run(self) -> None:
        """Drain, then sleep until woken or the poll interval passes; survive database outages."""
        while True:
            self._wake.clear()
            try:
                await self.drain()
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("outbox relay round failed; retrying")
                await asyncio.sleep(self._poll_seconds)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), timeout=self._poll_seconds)

    def start(self) -> None:
        """Run in the background of the service's event loop."""
        if self._task is None:
            self._task = asyncio.create_task(self.run(), name="outbox-relay")

    async def stop(self) -> None:
        """Stop after the current round."""
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None
