"""The in-memory twin of the database under `AggregateRepository`, for the fast test tier.

Every repository (timers included) runs on it unchanged: the version guard, conflict retry,
outbox, inbox and per-aggregate serialisation are the base class's own code, and this module
keeps only what the server does (store, match, sort, unique indexes). `tests/contract` runs the
same cases here and against the real database server, so the two cannot drift.
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import AsyncIterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar, cast

from pymongo import ReplaceOne, UpdateOne
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import BulkWriteError, DuplicateKeyError

from shared.persistence.indexes import IndexSpec
from shared.persistence.memory_query import matches, run_pipeline, sort_key, updated
from shared.persistence.mongo import Document
from shared.persistence.repository import AggregateRepository

RepositoryT = TypeVar("RepositoryT", bound=AggregateRepository[Any])


@dataclass(frozen=True)
class _Index:
    name: str
    fields: tuple[str, ...]
    unique: bool
    partial: Mapping[str, Any] | None


@dataclass(frozen=True)
class _Replaced:
    matched_count: int
    modified_count: int


@dataclass(frozen=True)
class _Bulk:
    matched_count: int
    modified_count: int


@dataclass(frozen=True)
class _Deleted:
    deleted_count: int


class _Cursor:
    """What `find` returns: iterated with `async for`."""

    def __init__(self, documents: list[Document]) -> None:
        self._documents = documents

    def __aiter__(self) -> AsyncIterator[Document]:
        return self._iterate()

    async def _iterate(self) -> AsyncIterator[Document]:
        for document in self._documents:
            yield document


def _stored(value: Any) -> Any:
    """As the server keeps it: a copy, datetimes in UTC to the millisecond (BSON's precision)."""
    if isinstance(value, dict):
        return {key: _stored(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_stored(item) for item in value]
    if isinstance(value, dt.datetime):
        aware = value if value.tzinfo else value.replace(tzinfo=dt.UTC)
        utc = aware.astimezone(dt.UTC)
        return utc.replace(microsecond=utc.microsecond // 1000 * 1000)
    return copy.copy(value)


_IMMUTABLE = (str, int, float, bool, type(None), bytes, dt.datetime)


def _fresh(value: Any) -> Any:
    """A reader's own copy, as a server's answer is (copy.deepcopy costs several times this)."""
    if isinstance(value, dict):
        return {key: _fresh(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_fresh(item) for item in value]
    return value if isinstance(value, _IMMUTABLE) else copy.deepcopy(value)


def _write_error(index: int, clash: DuplicateKeyError) -> Document:
    """One write's duplicate key in an unordered bulk write, as the server reports it."""
    return {"index": index, "code": 11000, **(clash.details or {})}


def _bulk_error(errors: list[Document], matched: int) -> BulkWriteError:
    return BulkWriteError({"writeErrors": errors, "writeConcernErrors": [], "nMatched": matched})


class MemoryCollection:
    """The part of `AsyncCollection` that `AggregateRepository` uses, kept in a dict."""

    def __init__(self, name: str, database: MemoryDatabase | None = None) -> None:
        self.name = name
        self.database = database or MemoryDatabase()
        self._documents: dict[Any, Document] = {}
        self._indexes: dict[str, _Index] = {}

    async def create_index(self, keys: Sequence[tuple[str, int]], **options: Any) -> str:
        spec = IndexSpec(
            tuple(keys),
            str(options.get("name") or "_".join(f"{k}_{d}" for k, d in keys)),
            bool(options.get("unique")),
            options.get("partialFilterExpression"),
        )
        self.declare(spec)
        return spec.name

    def declare(self, spec: IndexSpec) -> None:
        """Keep an index; only unique ones change what a write does."""
        self._indexes[spec.name] = _Index(spec.name, spec.fields, spec.unique, spec.partial_filter)

    def _clash(self, document: Document, ignore: Any = None) -> str | None:
        """The unique index another document already holds this document's values under."""
        for index in self._indexes.values():
            if not index.unique or (index.partial and not matches(document, index.partial)):
                continue
            values = tuple(document.get(field) for field in index.fields)
            for key, other in self._documents.items():
                if key == ignore or (index.partial and not matches(other, index.partial)):
                    continue
                if tuple(other.get(field) for field in index.fields) == values:
                    return index.name
        return None

    def _duplicate(self, index: str, fields: Sequence[str]) -> DuplicateKeyError:
        message = f"E11000 duplicate key error collection: {self.name} index: {index}"
        pattern = {field: 1 for field in fields}
        return DuplicateKeyError(message, 11000, {"errmsg": message, "keyPattern": pattern})

    async def insert_one(self, document: Document) -> None:
        if document["_id"] in self._documents:
            raise self._duplicate("_id_", ["_id"])
        stored = _stored(document)
        if clash := self._clash(stored):
            raise self._duplicate(clash, self._indexes[clash].fields)
        self._documents[stored["_id"]] = stored

    async def insert_many(self, documents: Sequence[Document], ordered: bool = True) -> None:
        """Unordered only, as group commit sends it: each clash is its own write error."""
        if ordered:
            raise NotImplementedError("the twin inserts many unordered only")
        errors = []
        for index, document in enumerate(documents):
            try:
                await self.insert_one(document)
            except DuplicateKeyError as exc:
                errors.append(_write_error(index, exc))
        if errors:
            raise _bulk_error(errors, matched=0)

    async def replace_one(self, query: Mapping[str, Any], replacement: Document) -> _Replaced:
        found = self._matching(query, limit=1)
        if not found:
            return _Replaced(0, 0)
        key = found[0]["_id"]
        stored = {"_id": key, **_stored({k: v for k, v in replacement.items() if k != "_id"})}
        if clash := self._clash(stored, ignore=key):
            raise self._duplicate(clash, self._indexes[clash].fields)
        self._documents[key] = stored
        return _Replaced(1, 1)

    def _matching(
        self,
        query: Mapping[str, Any],
        sort: Sequence[tuple[str, int]] | None = None,
        skip: int = 0,
        limit: int = 0,
    ) -> list[Document]:
        found = [document for document in self._documents.values() if matches(document, query)]
        for field, direction in reversed(list(sort or ())):
            found.sort(key=lambda document: sort_key(document, field), reverse=direction < 0)
        found = found[skip:]
        return found[:limit] if limit else found

    async def find_one(
        self, query: Mapping[str, Any], sort: Sequence[tuple[str, int]] | None = None
    ) -> Document | None:
        found = self._matching(query, sort, limit=1)
        return _fresh(found[0]) if found else None

    def find(
        self,
        query: Mapping[str, Any],
        projection: Any = None,
        *,
        sort: Sequence[tuple[str, int]] | None = None,
        skip: int = 0,
        limit: int = 0,
    ) -> _Cursor:
        found = self._matching(query, sort, skip, limit)
        return _Cursor([_fresh(document) for document in found])

    async def update_one(self, query: Mapping[str, Any], update: Document) -> _Replaced:
        return self._update_one(query, update)

    def _update_one(self, query: Mapping[str, Any], update: Document) -> _Replaced:
        found = self._matching(query, limit=1)
        if not found:
            return _Replaced(0, 0)
        self._documents[found[0]["_id"]] = _stored(updated(found[0], update))
        return _Replaced(1, 1)

    async def find_one_and_update(
        self, query: Mapping[str, Any], update: Document, return_document: bool = False
    ) -> Document | None:
        found = self._matching(query, limit=1)
        if not found:
            return None
        after = self._documents[found[0]["_id"]] = _stored(updated(found[0], update))
        fresh: Document = _fresh(after if return_document else found[0])
        return fresh

    async def bulk_write(
        self, requests: Sequence[UpdateOne | ReplaceOne[Document]], ordered: bool = True
    ) -> _Bulk:
        """Version-guarded updates (the relay's) or replaces (group commit's) in one call,
        without upsert; a unique clash of a replace is its own write error."""
        matched, errors = 0, []
        for index, request in enumerate(requests):
            if request._upsert:
                raise NotImplementedError("the twin bulk-writes without upsert only")
            document = cast(Document, request._doc)
            if isinstance(request, UpdateOne):
                matched += self._update_one(request._filter, document).matched_count
                continue
            try:
                matched += (await self.replace_one(request._filter, document)).matched_count
            except DuplicateKeyError as exc:
                errors.append(_write_error(index, exc))
        if errors:
            raise _bulk_error(errors, matched)
        return _Bulk(matched, matched)

    async def aggregate(self, pipeline: Sequence[Mapping[str, Any]]) -> _Cursor:
        """`$match`, `$project`, `$unionWith` and `$limit`: the relay's probe, nothing more."""
        return _Cursor(self._pipeline(pipeline))

    def _pipeline(self, pipeline: Sequence[Mapping[str, Any]]) -> list[Document]:
        documents = [_fresh(document) for document in self._documents.values()]
        return run_pipeline(documents, pipeline, lambda name: self.database[name]._pipeline)

    async def count_documents(self, query: Mapping[str, Any]) -> int:
        return len(self._matching(query))

    async def delete_many(self, query: Mapping[str, Any]) -> _Deleted:
        found = self._matching(query)
        for document in found:
            del self._documents[document["_id"]]
        return _Deleted(len(found))

    async def estimated_document_count(self) -> int:
        return len(self._documents)


class MemoryDatabase:
    """Collections by name, created on first use, as a database hands them out."""

    def __init__(self, name: str = "memory") -> None:
        self.name = name
        self._collections: dict[str, MemoryCollection] = {}

    def __getitem__(self, name: str) -> MemoryCollection:
        if name not in self._collections:
            self._collections[name] = MemoryCollection(name, self)
        return self._collections[name]

    async def command(self, command: str) -> dict[str, Any]:
        return {"ok": 1.0}

    def as_database(self) -> AsyncDatabase[Document]:
        """Typed as the server's database, for a repository's constructor (same calls)."""
        return cast(AsyncDatabase[Document], self)


def in_memory(
    repository: type[RepositoryT],
    database: MemoryDatabase | None = None,
    *,
    check_queries: bool = True,
) -> RepositoryT:
    """A repository on the twin with its declared indexes (unique ones enforced, every query
    checked against them as in the test tiers); pass one `database` to share it between two."""
    store = database or MemoryDatabase()
    built = repository(store.as_database(), check_queries=check_queries)
    for spec in built.declared_indexes():
        store[built.collection_name].declare(spec)
    return built
