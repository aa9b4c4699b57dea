"""GridFS files no case or session file refers to: the leftovers of a crash between upload and
record (producing.py stores the files first, then the write that records them)."""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Awaitable, Callable, Sequence

from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError

from services.documents.adapters.document_store import BUCKET, DocumentStore
from shared.persistence.indexes import IndexSpec
from shared.persistence.mongo import Document, ensure_indexes

BY_UPLOAD = IndexSpec((("uploadDate", 1),), "by_upload_date")
MARK = "sweep_marks"  # not "..._files": the stand-in takes such names for GridFS buckets
FilesOf = Callable[[str], Awaitable[set[str]]]  # the file ids one case or session file records


class OrphanSweep:
    """Looks once at every file older than `grace` (uploads since the last mark, oldest first)
    and discards those nobody refers to; a file still being recorded is younger than `grace`."""

    def __init__(
        self,
        database: AsyncDatabase[Document],
        store: DocumentStore,
        holders: Sequence[FilesOf],
        grace: dt.timedelta = dt.timedelta(hours=1),
        wall_clock: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.UTC),
        batch: int = 500,
    ) -> None:
        self._files = database[f"{BUCKET}.files"]
        self._marks = database[MARK]
        self._store = store
        self._holders = holders
        self._grace = grace
        self._wall_clock = wall_clock  # GridFS's uploadDate is the driver's wall clock
        self._batch = batch

    async def ensure_indexes(self) -> None:
        """The sweep reads uploads by date."""
        await ensure_indexes(self._files, [BY_UPLOAD])

    async def sweep(self, _now: dt.datetime | None = None) -> int:
        """Discard the orphans among files uploaded since the last sweep; how many went."""
        mark = await self._marks.find_one({"_id": BUCKET})
        since = mark["until"] if mark else dt.datetime.min.replace(tzinfo=dt.UTC)
        before = self._wall_clock() - self._grace
        cursor = self._files.find(
            {"uploadDate": {"$gte": since, "$lt": before}},
            {"_id": 1, "uploadDate": 1, "metadata.case_id": 1},
            sort=[("uploadDate", 1)],
            limit=self._batch,
        )
        uploads = [
            (str(f["_id"]), f["uploadDate"], str((f.get("metadata") or {}).get("case_id", "")))
            async for f in cursor
        ]
        if not uploads:
            return 0
        held: set[str] = set()
        for owner in {owner for _, _, owner in uploads}:  # by id: no query into arrays
            for files_of in self._holders:
                held |= await files_of(owner)
        orphans = [file_id for file_id, _, _ in uploads if file_id not in held]
        await self._store.discard(orphans)
        until = uploads[-1][1] if len(uploads) == self._batch else before
        if mark is None:  # insert, not upsert: the stand-in's upsert gives a fresh ObjectId
            with contextlib.suppress(DuplicateKeyError):
                await self._marks.insert_one({"_id": BUCKET, "until": until})
        else:
            await self._marks.replace_one({"_id": BUCKET}, {"until": until})
        return len(orphans)
