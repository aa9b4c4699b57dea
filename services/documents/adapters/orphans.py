"""GridFS files no case or session file refers to: the leftovers of a crash between upload and
record (producing.py stores the files first, then the write that records them).

Every upload is noted first in a small journal (`uploads`: file id, owner, time). The sweep
takes the notes older than `grace`, keeps the files their owner's file records, discards the
others, and drops the notes: the journal holds only recent uploads, and nothing queries or
indexes GridFS's own collections (`shared/persistence/mongo.ensure_indexes` says why).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable, Sequence

from pymongo.asynchronous.database import AsyncDatabase

from services.documents.adapters.document_store import DocumentStore
from shared.persistence.indexes import IndexSpec
from shared.persistence.mongo import Document, ensure_indexes

JOURNAL = "uploads"
BY_TIME = IndexSpec((("at", 1),), "by_time")
FilesOf = Callable[[str], Awaitable[set[str]]]  # the file ids one case or session file records


class UploadJournal:
    """Notes each upload before it happens; the store calls `noted`, the sweep reads them."""

    def __init__(self, database: AsyncDatabase[Document]) -> None:
        self._notes = database[JOURNAL]

    async def ensure_indexes(self) -> None:
        """The sweep reads notes by time."""
        await ensure_indexes(self._notes, [BY_TIME])

    async def noted(self, file_id: str, owner: str, at: dt.datetime) -> None:
        """Before the upload: a crash after it leaves a note to find the file by."""
        await self._notes.insert_one({"_id": file_id, "owner": owner, "at": at})

    async def older_than(self, before: dt.datetime, limit: int) -> list[tuple[str, str]]:
        """(file id, owner) of notes taken before `before`, oldest first."""
        cursor = self._notes.find({"at": {"$lt": before}}, sort=[("at", 1)], limit=limit)
        return [(str(note["_id"]), str(note["owner"])) async for note in cursor]

    async def forget(self, file_ids: Sequence[str]) -> None:
        """Looked at: the notes go."""
        if file_ids:
            await self._notes.delete_many({"_id": {"$in": list(file_ids)}})


class OrphanSweep:
    """Discards stored files older than `grace` that their case or session file does not list;
    a file younger than `grace` may still be on its way into the record."""

    def __init__(
        self,
        journal: UploadJournal,
        store: DocumentStore,
        holders: Sequence[FilesOf],
        grace: dt.timedelta = dt.timedelta(hours=1),
        wall_clock: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.UTC),
        batch: int = 500,
    ) -> None:
        self._journal = journal
        self._store = store
        self._holders = holders
        self._grace = grace
        self._wall_clock = wall_clock  # the note's time is the store's, not a test's clock
        self._batch = batch

    async def sweep(self, _now: dt.datetime | None = None) -> int:
        """Discard the orphans among uploads older than the grace; how many went."""
        notes = await self._journal.older_than(self._wall_clock() - self._grace, self._batch)
        held: set[str] = set()
        for owner in {owner for _, owner in notes}:  # by id: no query into arrays
            for files_of in self._holders:
                held |= await files_of(owner)
        orphans = [file_id for file_id, _ in notes if file_id not in held]
        await self._store.discard(orphans)
        await self._journal.forget([file_id for file_id, _ in notes])
        return len(orphans)
