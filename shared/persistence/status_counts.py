"""Documents per value of one field, kept as counts beside them: a scrape reads one document.

Every write through the repository that moves the field moves the counts: counted in the
process and written as one `$inc` within a second (before every read too, and at shutdown). The
counts are made once from the data (one `$group`, at the first start-up that finds none), never
per scrape. A crash before the `$inc` can leave them off by that second's writes; deleting the
counts document makes the next start-up count afresh. Records the retention sweeper deletes
stay counted: for a final value (sent, failed) the figure is how many ever got there, for a
passing one (pending) how many are there now.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from enum import Enum
from typing import Any

from pydantic import BaseModel
from pymongo.asynchronous.collection import AsyncCollection
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError

from shared.persistence.mongo import Document

log = logging.getLogger(__name__)
COUNTS_COLLECTION = "status_counts"


def _value(state: BaseModel | None, field: str) -> str | None:
    if state is None:
        return None
    value: Any = getattr(state, field, None)
    if value is None:
        return None
    return str(value.value if isinstance(value, Enum) else value)


class StatusCounts:
    """How many documents of one collection hold each value of `field`."""

    def __init__(
        self,
        database: AsyncDatabase[Document],
        source: AsyncCollection[Document],
        field: str,
        *,
        flush_seconds: float = 1.0,
    ) -> None:
        self._counts = database[COUNTS_COLLECTION]
        self._source = source
        self._field = field
        self._id = f"{source.name}.{field}"
        self._flush_seconds = flush_seconds
        self._pending: dict[str, int] = {}
        self._flusher: asyncio.Task[None] | None = None

    async def ensure_counted(self) -> None:
        """Count once from the data when no counts exist yet (a new or an upgraded database)."""
        if await self._counts.find_one({"_id": self._id}) is not None:
            return
        pipeline = [{"$group": {"_id": f"${self._field}", "n": {"$sum": 1}}}]
        counts = {
            str(row["_id"]): int(row["n"]) async for row in await self._source.aggregate(pipeline)
        }
        with contextlib.suppress(DuplicateKeyError):  # another replica counted first
            await self._counts.insert_one({"_id": self._id, "counts": counts})

    async def moved(self, before: BaseModel | None, after: BaseModel) -> None:
        """Follow one write: its old value loses one, its new value gains one. Counted here and
        written within `flush_seconds`, one `$inc` for every write of that time."""
        old, new = _value(before, self._field), _value(after, self._field)
        if old == new:
            return
        for value, step in ((old, -1), (new, 1)):
            if value:
                self._pending[value] = self._pending.get(value, 0) + step
        if self._flusher is None or self._flusher.done():
            self._flusher = asyncio.create_task(self._flush_later(), name="status-counts")

    async def _flush_later(self) -> None:
        await asyncio.sleep(self._flush_seconds)
        await self.flush()

    async def flush(self) -> None:
        """Write what was counted since the last flush (before a read, and at shutdown)."""
        pending, self._pending = self._pending, {}
        change = {f"counts.{value}": step for value, step in pending.items() if step}
        if not change:
            return
        try:
            await self._counts.update_one({"_id": self._id}, {"$inc": change})
        except Exception as exc:  # the writes stand; kept for the next flush
            for value, step in pending.items():
                self._pending[value] = self._pending.get(value, 0) + step
            log.warning("status count not moved", extra={"error": type(exc).__name__})

    async def read(self) -> dict[str, int]:
        """The counts as they stand: what this process counted, then one read by id."""
        await self.flush()
        document = await self._counts.find_one({"_id": self._id})
        return {} if document is None else {k: int(v) for k, v in document["counts"].items()}
