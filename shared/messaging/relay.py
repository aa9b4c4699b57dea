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

from shared.messaging.poisoned_events import PoisonedEvents
from shared.messaging.publisher import RawPublisher
from shared.messaging.relay_batch import ENTRY_FAULTS, Owed, publish_batch
from shared.messaging.relay_sender import EventSender
from shared.persistence.bson_values import epoch_ms
from shared.persistence.mongo import Document
from shared.persistence.outage import QuietRetries
from shared.persistence.owed_events import remove_owed_many
from shared.persistence.owed_probe import PROBE_LIMIT, owed_documents, owed_filter
from shared.tasks import Background, stop_requested

log = logging.getLogger(__name__)


def _wall_clock() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


BATCH_LIMIT = PROBE_LIMIT  # documents published together (their confirms awaited together)
IDLE_BACKOFF = 4  # a poll that keeps finding nothing waits up to this many intervals


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
        self._sender = EventSender(publisher, poisoned, now)
        self._lease_ms = int(lease_seconds * 1000)
        self._poll_seconds = poll_seconds
        self._now = now
        self._owner = uuid.uuid4().hex
        self._wake = asyncio.Event()
        self._handed: asyncio.Queue[Owed] = asyncio.Queue()
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
            batch: list[Owed] = []
            while not self._handed.empty() and len(batch) < BATCH_LIMIT:
                batch.append(self._handed.get_nowait())
            published += await self._relay(batch)
        return published

    async def drain(self) -> int:
        """Publish everything owed now; returns how many events went out."""
        return (await self._poll())[0]

    async def _poll(self) -> tuple[int, bool]:
        """Claim and publish what one probe after another finds; also whether any was found."""
        published, found_any = 0, False
        while True:
            now_ms = epoch_ms(self._now())
            found = await owed_documents(self._collections, now_ms, BATCH_LIMIT)
            claimed: list[Owed] = []
            for collection, key in found:
                if (document := await self._claim(collection, key, now_ms)) is not None:
                    claimed.append((collection, document))
            found_any = found_any or bool(found)
            if not claimed:  # nothing owed, or other replicas took it all
                return published, found_any
            published += await self._relay(claimed)

    async def _claim(
        self, collection: AsyncCollection[Document], key: object, now_ms: int
    ) -> Document | None:
        """Take one found document; the version bump makes writers re-read the lease."""
        return await collection.find_one_and_update(
            {"_id": key, **owed_filter(now_ms)},
            {
                "$set": {
                    "relay_lease_until_ms": now_ms + self._lease_ms,
                    "relay_owner": self._owner,
                },
                "$inc": {"version": 1},
            },
            return_document=ReturnDocument.AFTER,
        )

    async def _relay(self, batch: Sequence[Owed]) -> int:
        """Publish the batch, then remove what was confirmed (or set aside) in one bulk write
        per collection; a document whose events the broker did not take is released."""
        try:
            settled = await publish_batch(self._sender.publish, batch)
        except BaseException:
            for collection, document in batch:
                await self._release(collection, document)
            raise
        cleared: dict[str, tuple[AsyncCollection[Document], list[tuple[Document, set[str]]]]] = {}
        broken: BaseException | None = None
        for (collection, document), state in zip(batch, settled, strict=True):
            removed = set(state.sent)
            for entry, exc in state.faults:
                if await self._sender.set_aside(collection, document, entry, exc):
                    removed.add(entry["id"])
                else:  # kept under lease: retried later, the others go on
                    log.error(
                        "an outbox event could not be published; it stays owed",
                        extra={"error": f"{type(exc).__name__}: {exc}"[:300], "alert": True},
                    )
            if removed:
                key = f"{collection.database.name}.{collection.name}"
                cleared.setdefault(key, (collection, []))[1].append((document, removed))
            elif state.broken is not None:
                await self._release(collection, document)
            broken = broken or state.broken
        for collection, documents in cleared.values():
            await remove_owed_many(collection, documents)
        if broken is not None:
            raise broken
        return len(set().union(*(state.sent for state in settled)))

    async def _release(self, collection: AsyncCollection[Document], document: Document) -> None:
        """Give the claim back after a failed publish, so a retry need not await the lease."""
        with contextlib.suppress(Exception):
            await collection.update_one(
                {"_id": document["_id"], "relay_owner": self._owner},
                {"$set": {"relay_lease_until_ms": 0, "relay_owner": None}, "$inc": {"version": 1}},
            )

    async def run(self) -> None:
        """Publish what is handed over at once, poll every interval; survive database outages.

        While polls find nothing the interval doubles up to `IDLE_BACKOFF` times its setting
        (writers hand their own documents over; the poll is for leftovers, whose leases run
        far longer); a find or a failure brings it back."""
        loop = asyncio.get_running_loop()
        next_poll, interval = loop.time(), self._poll_seconds
        retries = QuietRetries(log, "outbox relay")
        while not stop_requested():
            self._wake.clear()
            try:
                await self.publish_handed()
                if loop.time() >= next_poll:
                    next_poll = loop.time() + interval  # kept if the poll fails
                    _, found = await self._poll()
                    idle = min(interval * 2, self._poll_seconds * IDLE_BACKOFF)
                    interval = self._poll_seconds if found else idle
                    next_poll = loop.time() + interval
                retries.succeeded()
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # database or broker away: what is owed stays owed
                retries.failed(exc)
                interval = self._poll_seconds
                next_poll = min(next_poll, loop.time() + interval)
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


__all__ = ["ENTRY_FAULTS", "OutboxRelay"]
