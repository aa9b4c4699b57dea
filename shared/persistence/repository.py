"""One document per aggregate: state, version, owed events (outbox), handled event ids (inbox).

Every write is an insert under our own `_id` or a version-guarded whole-document replace: the
one path that behaves the same on MongoDB and on the nx-27017 stand-in, where a plain upsert
replaces a given `_id` with a fresh ObjectId and `$set` stores a top-level date as naive text.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Awaitable, Callable, Mapping, Sequence
from typing import Any, ClassVar, Generic

from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError

from shared.persistence.aggregate import (
    Applied,
    Change,
    ConcurrencyConflict,
    Decide,
    EventRelay,
    StateT,
    Stored,
    UniqueViolation,
    outbox_entry,
)
from shared.persistence.batching import Call, EventBatches
from shared.persistence.bson_values import as_utc_instant, to_bson
from shared.persistence.group_commit import WRITE_STAMP, GroupCommit, Replace
from shared.persistence.indexes import IndexSpec, check_query
from shared.persistence.keyed_locks import KeyedLocks
from shared.persistence.mongo import Document, ensure_indexes
from shared.persistence.remembered import Remembered
from shared.persistence.retention import DEFAULT_RETENTION, EXPIRE_AT, EXPIRY_INDEX

__all__ = [
    "AggregateRepository",
    "Applied",
    "Change",
    "ConcurrencyConflict",
    "Decide",
    "EventRelay",
    "Stored",
    "UniqueViolation",
    "outbox_entry",
]
log = logging.getLogger(__name__)
Written = Callable[[Any, Any], Awaitable[None]]  # (state before or None, state after)

RESERVED_FIELDS = frozenset(
    {
        "_id",
        "version",
        "outbox",
        "pending_events",
        "inbox",
        "relay_lease_until_ms",
        "relay_owner",
        EXPIRE_AT,
        WRITE_STAMP,
    }
)
OUTBOX_INDEX = IndexSpec((("pending_events", 1), ("relay_lease_until_ms", 1)), "outbox_pending")


def _is_id_clash(error: DuplicateKeyError, collection_name: str) -> bool:
    """MongoDB names the key pattern; the stand-in only says so in its message
    (`UNIQUE constraint failed: <collection>._id`, an index by its name otherwise)."""
    details = error.details or {}
    if key_pattern := details.get("keyPattern"):
        return set(key_pattern) == {"_id"}
    message = str(details.get("errmsg", error))
    return message.endswith(f"{collection_name}._id") or " index: _id_ " in message


class AggregateRepository(Generic[StateT]):
    """The base every service's repository extends: no service re-invents the outbox or inbox."""

    collection_name: ClassVar[str]
    state_model: type[StateT]
    indexes: ClassVar[tuple[IndexSpec, ...]] = ()
    inbox_limit: ClassVar[int] = 500
    # Top-level instants older writes may have left as naive text (the stand-in's `$set`): read
    # as UTC, and written back as real dates on the next write (`upgrade.rewrite_old_shape`).
    naive_text_fields: ClassVar[tuple[str, ...]] = ()
    expires: ClassVar[bool] = False  # True: `retained_from` says when a record starts to age
    # False: its writes never owe events, so the relay need not poll it (a write that tries
    # is refused, so nothing owed can sit there unpolled).
    owes_events: ClassVar[bool] = True
    # How many aggregates this process wrote last `apply` decides on without reading them first
    # (`remembered.py`); 0: every `apply` reads. For read models written mostly by one consumer.
    remembered: ClassVar[int] = 0

    def __init__(
        self,
        database: AsyncDatabase[Document],
        *,
        check_queries: bool = False,
        relay: EventRelay | None = None,
        retention: dt.timedelta = DEFAULT_RETENTION,
        batch_linger_seconds: float = 0.0,
    ) -> None:
        if self.collection_name.endswith(("_files", ".files", ".chunks")):
            # nx-27017 takes such a name for a GridFS bucket and silently ignores
            # version-guarded updates to it
            raise ValueError(f"{self.collection_name}: a name the stand-in takes for GridFS")
        self.collection = database[self.collection_name]
        self._commit = GroupCommit(self.collection)
        self.retention = retention
        self._check_queries = check_queries
        self._relay = relay
        self._serial = KeyedLocks()
        self._observers: list[Written] = []
        self._recent: Remembered[StateT] = Remembered(self.remembered)
        self._batches: EventBatches[StateT] = EventBatches(
            self, self._serial, self._recent, batch_linger_seconds
        )

    def on_written(self, observer: Written) -> None:
        """Told of every committed write (e.g. status counts for metrics), after it."""
        self._observers.append(observer)

    async def _tell(self, before: StateT | None, after: StateT) -> None:
        for observer in self._observers:
            await observer(before, after)

    @classmethod
    def declared_indexes(cls) -> tuple[IndexSpec, ...]:
        """The repository's own indexes plus the one the outbox relay polls with."""
        return (OUTBOX_INDEX, *cls.indexes, *((EXPIRY_INDEX,) if cls.expires else ()))

    async def ensure_indexes(self, *, ttl: bool = False) -> None:
        """Create every declared index (the expiry one as a TTL index when `ttl`)."""
        await ensure_indexes(self.collection, self.declared_indexes(), ttl=ttl)

    def retained_from(self, state: StateT) -> dt.datetime | None:
        """From when a record in this state has served its purpose; None: keep it."""
        return None

    async def sweep_expired(self, now: dt.datetime) -> int:
        """Delete records whose retention ended by `now` (the TTL index's work, by our clock)."""
        if not self.expires:
            return 0
        query = {EXPIRE_AT: {"$lte": now}}
        self._checked(query)
        result = await self.collection.delete_many(query)
        return int(result.deleted_count)

    def _checked(self, query: Mapping[str, Any], sort: Sequence[tuple[str, int]] = ()) -> None:
        if self._check_queries:
            check_query(self.declared_indexes(), query, sort)

    def _load(self, document: Document) -> Stored[StateT]:
        state_fields = {k: v for k, v in document.items() if k not in RESERVED_FIELDS}
        for name in self.naive_text_fields:
            if name in state_fields:
                state_fields[name] = as_utc_instant(state_fields[name])
        return Stored(
            id=str(document["_id"]),
            version=int(document["version"]),
            state=self.state_model.model_validate(state_fields),
            outbox=tuple(document.get("outbox", ())),
            handled=tuple(document.get("inbox", ())),
            relay_lease=(int(document.get("relay_lease_until_ms", 0)), document.get("relay_owner")),
        )

    async def get(self, aggregate_id: str) -> Stored[StateT] | None:
        """The aggregate with this id, or None."""
        document = await self._commit.reads.submit(aggregate_id)
        return None if document is None else self._load(document)

    async def find(
        self,
        query: Mapping[str, Any],
        *,
        sort: Sequence[tuple[str, int]] = (),
        skip: int = 0,
        limit: int = 0,
    ) -> list[Stored[StateT]]:
        """Aggregates matching a query that a declared index serves."""
        self._checked(query, sort)
        cursor = self.collection.find(dict(query), sort=list(sort) or None, skip=skip, limit=limit)
        return [self._load(document) async for document in cursor]

    async def count(self, query: Mapping[str, Any]) -> int:
        """How many aggregates match a query that a declared index serves."""
        self._checked(query)
        return await self.collection.count_documents(dict(query))

    def _fields(self, change: Change[StateT]) -> Document:
        if change.events and not self.owes_events:
            raise ValueError(f"{self.collection_name} does not carry events (owes_events)")
        dumped = to_bson(change.state.model_dump(mode="python"))
        clash = RESERVED_FIELDS & dumped.keys()
        if clash:
            raise ValueError(f"state fields {sorted(clash)} are reserved by the repository")
        if not self.expires:
            return dict(dumped)
        since = self.retained_from(change.state)
        return {**dumped, EXPIRE_AT: None if since is None else since + self.retention}

    async def insert(
        self, aggregate_id: str, change: Change[StateT], handled_event_id: str | None = None
    ) -> Stored[StateT]:
        """Create the aggregate with its owed events; ConcurrencyConflict when it already exists."""
        outbox = tuple(outbox_entry(event) for event in change.events)
        handled = _handled_ids(handled_event_id, change)[-self.inbox_limit :]
        lease = self._relay.lease() if outbox and self._relay is not None else (0, None)
        document = {
            "_id": aggregate_id,
            "version": 1,
            **self._fields(change),
            "outbox": list(outbox),
            "pending_events": len(outbox),
            "inbox": list(handled),
            "relay_lease_until_ms": lease[0],
            "relay_owner": lease[1],
        }
        try:
            await self._commit.inserts.submit(document)
        except DuplicateKeyError as exc:
            if not _is_id_clash(exc, self.collection_name):
                raise UniqueViolation(str((exc.details or {}).get("errmsg", exc))) from exc
            raise ConcurrencyConflict(f"{self.collection_name}/{aggregate_id} exists") from exc
        self._hand_over(aggregate_id, 1, outbox, lease)
        written = Stored(aggregate_id, 1, change.state, outbox, handled, lease)
        self._recent.keep(written)
        await self._tell(None, change.state)
        return written

    async def update(
        self, stored: Stored[StateT], change: Change[StateT], handled_event_id: str | None = None
    ) -> Stored[StateT]:
        """Write a new state if nobody wrote since `stored` was read; else ConcurrencyConflict.

        A whole-document replace, not `$set`: the stand-in turns top-level datetimes written by
        `$set` into naive strings. The relay's claim bumps the version too, so the lease read
        here is current and kept.
        """
        outbox = stored.outbox + tuple(outbox_entry(event) for event in change.events)
        handled = stored.handled
        if ids := _handled_ids(handled_event_id, change):
            handled = (*handled, *ids)[-self.inbox_limit :]
        lease = stored.relay_lease
        if change.events and self._relay is not None:
            ours = self._relay.lease()
            if lease[1] == self._relay.owner or lease[0] < self._relay.now_ms():
                lease = ours
        document = {
            **self._fields(change),
            "version": stored.version + 1,
            "outbox": list(outbox),
            "pending_events": len(outbox),
            "inbox": list(handled),
            "relay_lease_until_ms": lease[0],
            "relay_owner": lease[1],
        }
        if not await self._commit.replaces.submit(Replace(stored.id, stored.version, document)):
            raise ConcurrencyConflict(f"{self.collection_name}/{stored.id} changed meanwhile")
        if change.events:
            self._hand_over(stored.id, stored.version + 1, outbox, lease)
        written = Stored(stored.id, stored.version + 1, change.state, outbox, handled, lease)
        self._recent.keep(written)
        await self._tell(stored.state, change.state)
        return written

    async def apply(
        self,
        aggregate_id: str,
        decide: Decide[StateT],
        *,
        event_id: str | None = None,
        attempts: int = 25,
        new: bool = False,
    ) -> Applied[StateT]:
        """Read, decide (pure), write guarded by version; on conflict read and decide again.

        Within this process one `apply` per aggregate runs at a time, so the version guard only
        has to settle races between processes. `new`: the aggregate most likely does not exist
        yet, so the first attempt inserts without reading (an existing one makes it a conflict).
        """
        if event_id is not None:
            return await self._batches.apply(Call(decide, event_id, new), aggregate_id, attempts)
        async with self._serial.hold(aggregate_id):
            try:
                return await self._apply(aggregate_id, decide, event_id, attempts, new)
            except BaseException:
                self._recent.forget(aggregate_id)  # a decider may have altered the copy
                raise

    async def _apply(
        self,
        aggregate_id: str,
        decide: Decide[StateT],
        event_id: str | None,
        attempts: int,
        new: bool,
    ) -> Applied[StateT]:
        guess = None if new else self._recent.get(aggregate_id)
        guessing = new or guess is not None  # a first attempt on a guess reads nothing
        for attempt in range(attempts + guessing):
            guessed = guessing and attempt == 0
            stored = guess if guessed else await self.get(aggregate_id)
            if stored is not None and event_id is not None and event_id in stored.handled:
                return Applied(stored.state, changed=False, duplicate=True)
            change = decide(None if stored is None else stored.state)
            if change is None:
                if guessed:
                    continue  # "nothing to do" is believed from a fresh read only
                return Applied(None if stored is None else stored.state, changed=False)
            try:
                if stored is None:
                    written = await self.insert(aggregate_id, change, event_id)
                else:
                    written = await self.update(stored, change, event_id)
            except ConcurrencyConflict:
                self._recent.forget(aggregate_id)
                continue
            return Applied(change.state, changed=True, stored=written)
        raise ConcurrencyConflict(f"{self.collection_name}/{aggregate_id}: too much contention")

    def _hand_over(
        self, aggregate_id: str, version: int, outbox: Sequence[Document], lease: tuple[int, Any]
    ) -> None:
        """Owed events written under our relay's lease go out at once; others wait for a poll."""
        if outbox and self._relay is not None and lease[1] == self._relay.owner:
            document = {"_id": aggregate_id, "version": version, "outbox": list(outbox)}
            self._relay.hand_over(self.collection, document)


def _handled_ids(handled_event_id: str | None, change: Change[Any]) -> tuple[str, ...]:
    """The event ids one write records in the inbox."""
    first = (handled_event_id,) if handled_event_id else ()
    return (*first, *change.also_handled)
