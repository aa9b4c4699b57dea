"""The outbox relay: publish owed events with confirms, then remove exactly those events."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
import uuid
from collections import OrderedDict
from collections.abc import Callable, Sequence

from pymongo import ReturnDocument
from pymongo.asynchronous.collection import AsyncCollection

from shared.messaging.poisoned_events import PoisonedEvents
from shared.messaging.publish_channel import PublishRefused
from shared.messaging.publisher import RawPublisher
from shared.persistence.bson_values import epoch_ms
from shared.persistence.mongo import Document
from shared.persistence.outage import QuietRetries
from shared.persistence.owed_events import replace_owed
from shared.tasks import Background, stop_requested
from shared.tracing import continued

log = logging.getLogger(__name__)


def _wall_clock() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


RECENT_LIMIT = 10_000
# The event's own fault, not the broker's absence: counted towards setting it aside.
ENTRY_FAULTS = (PublishRefused, KeyError, TypeError, ValueError, AttributeError)


class OutboxRelay:
    """Safe with several replicas: a document is claimed with a lease before its events go out.

    Two ways in: a writer of this process takes the lease in the very write that owes events and
    hands the document over (published at once, no claim round trip); a poll claims whatever
    else is owed (a crashed writer's events once its lease has run out, other replicas' leftovers).
    """

    def __init__(
        self,
        collections: Sequence[AsyncCollection[Document]],
        publisher: RawPublisher,
        *,
        lease_seconds: float = 15.0,
        poll_seconds: float = 0.5,
        now: Callable[[], dt.datetime] = _wall_clock,
        poisoned: PoisonedEvents | None = None,
    ) -> None:
        self._collections = tuple(collections)
        self._poisoned = poisoned
        self._failing: set[str] = set()
        self._publisher = publisher
        self._lease_ms = int(lease_seconds * 1000)
        self._poll_seconds = poll_seconds
        self._now = now
        self._owner = uuid.uuid4().hex
        self._wake = asyncio.Event()
        self._handed: asyncio.Queue[tuple[AsyncCollection[Document], Document]] = asyncio.Queue()
        self._recent: OrderedDict[str, None] = OrderedDict()
        self._background = Background("outbox-relay")

    def watch(self, *collections: AsyncCollection[Document]) -> None:
        """Relay the outboxes of these collections too."""
        self._collections += collections

    @property
    def owner(self) -> str:
        """Who holds a lease this relay (or a writer on its behalf) took."""
        return self._owner

    def lease(self) -> tuple[int, str]:
        """The lease a writer of this process takes for the events it owes: until, owner."""
        return epoch_ms(self._now()) + self._lease_ms, self._owner

    def now_ms(self) -> int:
        """Now on the lease clock, to tell a lapsed lease from a live one."""
        return epoch_ms(self._now())

    def hand_over(self, collection: AsyncCollection[Document], document: Document) -> None:
        """A document just written under our lease (`_id`, `version`, `outbox`): publish it."""
        self._handed.put_nowait((collection, document))
        self._wake.set()

    async def publish_handed(self) -> int:
        """Publish every handed-over document; one that fails is released for the poll to take."""
        published = 0
        while not self._handed.empty():
            collection, document = self._handed.get_nowait()
            published += await self._relay(collection, document)
        return published

    async def drain(self) -> int:
        """Publish everything owed now; returns how many events went out."""
        published = 0
        for collection in self._collections:
            while (document := await self._claim(collection)) is not None:
                published += await self._relay(collection, document)
        return published

    async def _claim(self, collection: AsyncCollection[Document]) -> Document | None:
        """Take one document with owed events; the version bump makes writers re-read the lease."""
        now_ms = epoch_ms(self._now())
        return await collection.find_one_and_update(
            {"pending_events": {"$gt": 0}, "relay_lease_until_ms": {"$lt": now_ms}},
            {
                "$set": {
                    "relay_lease_until_ms": now_ms + self._lease_ms,
                    "relay_owner": self._owner,
                },
                "$inc": {"version": 1},
            },
            return_document=ReturnDocument.AFTER,
        )

    async def _relay(self, collection: AsyncCollection[Document], document: Document) -> int:
        sent: set[str] = set()
        set_aside: set[str] = set()
        try:
            for entry in document.get("outbox", ()):
                try:
                    await self._publish(entry)
                except ENTRY_FAULTS as exc:
                    if not await self._set_aside(collection, document, entry, exc):
                        raise
                    set_aside.add(entry["id"])
                    continue
                sent.add(entry["id"])
        except ENTRY_FAULTS as exc:  # kept under lease: retried later, the others go on
            log.error(
                "an outbox event could not be published; it stays owed",
                extra={"error": f"{type(exc).__name__}: {exc}"[:300], "alert": True},
            )
            if sent or set_aside:
                await self._clear(collection, document, sent | set_aside)
            return len(sent)
        except BaseException:
            await self._release(collection, document)
            raise
        await self._clear(collection, document, sent | set_aside)
        return len(sent)

    async def _publish(self, entry: Document) -> None:
        """One owed event, unless this relay saw it confirmed lately (its removal was lost)."""
        if entry["id"] in self._recent:
            return
        with continued(entry.get("traceparent")):  # the trace that recorded it
            await self._publisher.publish(
                entry["body"].encode(),
                routing_key=entry["routing_key"],
                message_id=entry["id"],
                subject=entry.get("subject"),
            )
        self._remember(entry["id"])
        if entry["id"] in self._failing and self._poisoned is not None:
            self._failing.discard(entry["id"])
            await self._poisoned.published(entry["id"])

    async def _set_aside(
        self,
        collection: AsyncCollection[Document],
        document: Document,
        entry: Document,
        exc: Exception,
    ) -> bool:
        """Count the failure; True when the event failed often enough to be set aside."""
        if self._poisoned is None or not isinstance(entry, dict) or "id" not in entry:
            return False
        reason = f"{type(exc).__name__}: {exc}"
        self._failing.add(str(entry["id"]))
        moved = await self._poisoned.failed(
            collection.name, document["_id"], entry, reason, self._now()
        )
        if moved:
            log.error(
                "outbox event set aside as poisoned",
                extra={"collection": collection.name, "alert": True},
            )
        return moved

    def _remember(self, event_id: str) -> None:
        """Ids this relay saw confirmed lately, so a handed-over document and a later write that
        still carries the same event do not publish it twice."""
        self._recent[event_id] = None
        if len(self._recent) > RECENT_LIMIT:
            self._recent.popitem(last=False)

    async def _release(self, collection: AsyncCollection[Document], document: Document) -> None:
        """Give the claim back after a failed publish, so a retry need not await the lease."""
        with contextlib.suppress(Exception):
            await collection.update_one(
                {"_id": document["_id"], "relay_owner": self._owner},
                {"$set": {"relay_lease_until_ms": 0, "relay_owner": None}, "$inc": {"version": 1}},
            )

    async def _clear(
        self, collection: AsyncCollection[Document], document: Document, sent: set[str]
    ) -> None:
        """Remove the published events; events added meanwhile stay for the next round."""
        while True:
            remaining = [entry for entry in document.get("outbox", ()) if entry["id"] not in sent]
            if await replace_owed(collection, document, remaining):
                return
            fresh = await collection.find_one({"_id": document["_id"]})
            if fresh is None:
                return
            document = fresh

    async def run(self) -> None:
        """Publish what is handed over at once, poll every interval; survive database outages."""
        loop = asyncio.get_running_loop()
        next_poll = loop.time()
        retries = QuietRetries(log, "outbox relay")
        while not stop_requested():
            self._wake.clear()
            try:
                await self.publish_handed()
                if loop.time() >= next_poll:
                    next_poll = loop.time() + self._poll_seconds
                    await self.drain()
                retries.succeeded()
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # database or broker away: what is owed stays owed
                retries.failed(exc)
                await asyncio.sleep(self._poll_seconds)
            # not asyncio.wait_for: on 3.11 it can swallow a stop() that lands as the wait ends,
            # leaving the relay running on a closed client (and stop() waiting its full grace)
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(max(0.0, next_poll - loop.time())):
                    await self._wake.wait()

    def start(self) -> None:
        """Run in the background of the service's event loop."""
        self._background.start(self.run)

    async def stop(self) -> None:
        """Stop after the current round."""
        await self._background.stop()
