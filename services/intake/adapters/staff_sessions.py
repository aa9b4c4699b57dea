"""Console sessions the server can end: sign-out and an idle timeout, whatever the cookie says.

The signed cookie names a session by its nonce; this store says whether that session still
lives. Only the nonce's SHA-256 digest is stored. Every replica reads the same collection, so a
sign-out on one ends the session on all.
"""

from __future__ import annotations

import datetime as dt

from pymongo.asynchronous.collection import AsyncCollection

from services.intake.domain.owner_link import hash_capability_token
from shared.persistence.bson_values import epoch_ms
from shared.persistence.indexes import IndexSpec
from shared.persistence.mongo import Document, ensure_indexes

BY_LAST_SEEN = IndexSpec((("last_ms", 1),), "by_last_seen")
TOUCH_EVERY = dt.timedelta(seconds=30)  # fewer writes: last use is kept to within this


class MongoStaffSessions:
    """Sessions in intake's database (`staff_sessions`)."""

    def __init__(self, collection: AsyncCollection[Document]) -> None:
        self._collection = collection

    async def prepare(self) -> None:
        await ensure_indexes(self._collection, [BY_LAST_SEEN])

    async def start(self, nonce: str, now: dt.datetime) -> None:
        """A fresh session; sessions idle for a day are dropped meanwhile."""
        await self._collection.delete_many(
            {"last_ms": {"$lte": epoch_ms(now - dt.timedelta(days=1))}}
        )
        await self._collection.insert_one(
            {"_id": hash_capability_token(nonce), "last_ms": epoch_ms(now)}
        )

    async def alive(self, nonce: str, now: dt.datetime, idle: dt.timedelta) -> bool:
        """Whether the session was neither ended nor idle too long; its use counts as activity."""
        found = await self._collection.find_one({"_id": hash_capability_token(nonce)})
        if found is None or int(found["last_ms"]) + _ms_of(idle) <= epoch_ms(now):
            return False
        if int(found["last_ms"]) + _ms_of(TOUCH_EVERY) <= epoch_ms(now):
            await self._collection.update_one(
                {"_id": found["_id"]}, {"$set": {"last_ms": epoch_ms(now)}}
            )
        return True

    async def end(self, nonce: str) -> None:
        await self._collection.delete_one({"_id": hash_capability_token(nonce)})


def _ms_of(span: dt.timedelta) -> int:
    return int(span.total_seconds() * 1000)


class MemoryStaffSessions:
    """The in-memory twin, for unit tests."""

    def __init__(self) -> None:
        self._last: dict[str, dt.datetime] = {}

    async def start(self, nonce: str, now: dt.datetime) -> None:
        self._last[nonce] = now

    async def alive(self, nonce: str, now: dt.datetime, idle: dt.timedelta) -> bool:
        last = self._last.get(nonce)
        if last is None or last + idle <= now:
            return False
        self._last[nonce] = now
        return True

    async def end(self, nonce: str) -> None:
        self._last.pop(nonce, None)
