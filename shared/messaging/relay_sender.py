"""Sending one owed event for the relay: not again once confirmed, counted while it fails."""

from __future__ import annotations

import datetime as dt
import logging
from collections import OrderedDict
from collections.abc import Callable

from pymongo.asynchronous.collection import AsyncCollection

from shared.messaging.poisoned_events import PoisonedEvents
from shared.messaging.publisher import RawPublisher
from shared.persistence.mongo import Document
from shared.tracing import continued

log = logging.getLogger("shared.messaging.relay")

RECENT_LIMIT = 10_000


class EventSender:
    """One relay's publishing of single events and its memory of what went out lately."""

    def __init__(
        self,
        publisher: RawPublisher,
        poisoned: PoisonedEvents | None,
        now: Callable[[], dt.datetime],
    ) -> None:
        self._publisher = publisher
        self._poisoned = poisoned
        self._now = now
        self._failing: set[str] = set()
        self._recent: OrderedDict[str, None] = OrderedDict()

    async def publish(self, entry: Document) -> None:
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

    async def set_aside(
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
