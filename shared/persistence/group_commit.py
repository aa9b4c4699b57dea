"""Point reads, inserts and guarded replaces of one collection that queue up go as one command.

While one such call is on its way to the server, the next ones of the same kind wait; when it
returns, all that waited go together: one `find` by `$in`, one unordered `insert_many`, one
unordered `bulk_write` of replaces. Each caller gets its own answer (its own duplicate key, its
own version conflict, the batch's outage). A call with nothing ahead of it is sent at once and
as it is, so a quiet service pays nothing; a busy one pays one round trip per batch instead of
one per call. A call under a deadline of its own (`pymongo.timeout`: the outage pages) never
waits in a batch, whose command would not carry that deadline.
"""

from __future__ import annotations

import asyncio
import itertools
import uuid
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from pymongo import ReplaceOne, _csot
from pymongo.asynchronous.collection import AsyncCollection
from pymongo.errors import BulkWriteError, DuplicateKeyError, PyMongoError, WriteError

from shared.persistence.mongo import Document

ItemT = TypeVar("ItemT")
ResultT = TypeVar("ResultT")
BATCH_LIMIT = 64  # documents per command: far below the server's 16 MiB per message
WRITE_STAMP = "write_stamp"  # set by a batched replace, so a conflict in it is told apart


class Lane(Generic[ItemT, ResultT]):
    """One kind of call on one collection: one command in flight, whatever queues behind it
    goes in the next one."""

    def __init__(
        self,
        one: Callable[[ItemT], Awaitable[ResultT]],
        many: Callable[[list[ItemT]], Awaitable[list[ResultT | Exception]]],
        limit: int = BATCH_LIMIT,
    ) -> None:
        self._one = one
        self._many = many
        self._limit = limit
        self._busy = False
        self._waiting: list[tuple[ItemT, asyncio.Future[ResultT]]] = []
        self._drains: set[asyncio.Task[None]] = set()

    async def submit(self, item: ItemT) -> ResultT:
        """The call's answer, sent alone when nothing is in flight, else with the next batch."""
        if _csot.get_timeout() is not None:
            return await self._one(item)
        if not self._busy:
            self._busy = True
            try:
                return await self._one(item)
            finally:
                self._busy = False
                self._drain_waiting()
        answer: asyncio.Future[ResultT] = asyncio.get_running_loop().create_future()
        self._waiting.append((item, answer))
        return await answer

    def _drain_waiting(self) -> None:
        if self._waiting and not self._busy:
            self._busy = True
            drain = asyncio.create_task(self._drain(), name="group-commit")
            self._drains.add(drain)
            drain.add_done_callback(self._drains.discard)

    async def _drain(self) -> None:
        batch: list[tuple[ItemT, asyncio.Future[ResultT]]] = []
        try:
            while self._waiting:
                batch = [entry for entry in self._waiting[: self._limit] if not entry[1].done()]
                del self._waiting[: self._limit]
                if batch:
                    for (_, answer), result in zip(batch, await self._answers(batch), strict=True):
                        _settle(answer, result)
                batch = []
        except BaseException:  # cancelled (the loop closing): nobody is left waiting forever
            for _, answer in itertools.chain(batch, self._waiting):
                answer.cancel()
            self._waiting.clear()
            raise
        finally:
            self._busy = False

    async def _answers(
        self, batch: list[tuple[ItemT, asyncio.Future[ResultT]]]
    ) -> Sequence[ResultT | Exception]:
        try:
            if len(batch) == 1:
                return [await self._one(batch[0][0])]
            return await self._many([item for item, _ in batch])
        except Exception as exc:  # the whole command failed (an outage): each caller hears it
            return [exc] * len(batch)


def _settle(answer: asyncio.Future[Any], result: Any) -> None:
    if answer.done():
        return  # its caller has gone
    if isinstance(result, Exception):
        answer.set_exception(result)
    else:
        answer.set_result(result)


@dataclass(frozen=True)
class Replace:
    """A whole-document replace guarded by the version it was read at."""

    aggregate_id: str
    version: int
    document: Document


class GroupCommit:
    """A collection's point reads, inserts and version-guarded replaces, batched when they queue."""

    def __init__(self, collection: AsyncCollection[Document]) -> None:
        self._collection = collection
        self.reads: Lane[str, Document | None] = Lane(self._read_one, self._read_many)
        self.inserts: Lane[Document, None] = Lane(self._insert_one, self._insert_many)
        self.replaces: Lane[Replace, bool] = Lane(self._replace_one, self._replace_many)

    async def _read_one(self, aggregate_id: str) -> Document | None:
        return await self._collection.find_one({"_id": aggregate_id})

    async def _read_many(self, ids: list[str]) -> list[Document | Exception | None]:
        found = {
            document["_id"]: document
            async for document in self._collection.find({"_id": {"$in": sorted(set(ids))}})
        }
        return [found.get(aggregate_id) for aggregate_id in ids]

    async def _insert_one(self, document: Document) -> None:
        await self._collection.insert_one(document)

    async def _insert_many(self, documents: list[Document]) -> list[Exception | None]:
        try:
            await self._collection.insert_many(documents, ordered=False)
        except BulkWriteError as exc:
            return _per_write(exc, len(documents))
        return [None] * len(documents)

    async def _replace_one(self, replace: Replace) -> bool:
        result = await self._collection.replace_one(
            {"_id": replace.aggregate_id, "version": replace.version}, replace.document
        )
        return bool(result.matched_count == 1)

    async def _replace_many(self, replaces: list[Replace]) -> list[bool | Exception]:
        """One unordered bulk write; when fewer matched than were sent, each document's stamp
        and version say whose replace it holds (one read): ours, another writer's at the same
        version (a conflict), or, replaced again since, unknown (`WriteOutcomeUnknown`)."""
        token = uuid.uuid4().hex
        stamps = [f"{token}:{n}" for n in range(len(replaces))]
        requests = [
            ReplaceOne(
                {"_id": replace.aggregate_id, "version": replace.version},
                {**replace.document, WRITE_STAMP: stamp},
            )
            for replace, stamp in zip(replaces, stamps, strict=True)
        ]
        answers: list[bool | Exception]
        try:
            result = await self._collection.bulk_write(requests, ordered=False)
            matched, answers = result.matched_count, [True] * len(replaces)
        except BulkWriteError as exc:
            matched = int(exc.details.get("nMatched", 0))
            answers = [True if error is None else error for error in _per_write(exc, len(replaces))]
        if matched == sum(answer is True for answer in answers):
            return answers
        ids = [replace.aggregate_id for replace in replaces]
        cursor = self._collection.find({"_id": {"$in": ids}}, {WRITE_STAMP: 1, "version": 1})
        held = {document["_id"]: document async for document in cursor}
        return [
            _landed(replace, stamp, held.get(replace.aggregate_id)) if answer is True else answer
            for replace, stamp, answer in zip(replaces, stamps, answers, strict=True)
        ]


class WriteOutcomeUnknown(PyMongoError):
    """A batched replace whose document was replaced again before it could be read back: it
    may have landed or not. Not a conflict (its caller would take it as not written) and not an
    outage: the handling fails and is retried, and the retry reads what is there."""


def _landed(replace: Replace, stamp: str, held: Document | None) -> bool | Exception:
    """Whether the document holds this replace, read after a batch in which not all matched."""
    if held is None:
        return False
    if held.get(WRITE_STAMP) == stamp:
        return True
    if int(held.get("version", 0)) <= replace.version + 1:
        return False  # another writer took this version: ours did not match
    return WriteOutcomeUnknown(f"replace of {replace.aggregate_id}: written over since")


def _per_write(error: BulkWriteError, count: int) -> list[Exception | None]:
    """Each write's own error of an unordered bulk write; a write concern error fails them all."""
    details = error.details
    if details.get("writeConcernErrors"):
        return [error] * count
    errors: list[Exception | None] = [None] * count
    for failure in details.get("writeErrors", ()):
        message, code = str(failure.get("errmsg", "")), int(failure.get("code", 0))
        kind = DuplicateKeyError if code in (11000, 11001) else WriteError
        errors[int(failure["index"])] = kind(message, code, failure)
    return errors
