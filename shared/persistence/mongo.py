"""The MongoDB client and index creation, opened by a composition root, never at import time."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol

from pydantic import SecretStr
from pymongo import AsyncMongoClient, monitoring
from pymongo.asynchronous.collection import AsyncCollection
from pymongo.asynchronous.database import AsyncDatabase

from shared.persistence.indexes import IndexSpec

Document = dict[str, Any]


def connect(
    url: str,
    *,
    timeout_ms: int = 5_000,
    operation_timeout_ms: int | None = 10_000,
    write_concern: str = "majority",
    journal: bool = True,
    listeners: Sequence[monitoring.CommandListener] = (),
    max_pool_size: int = 100,
) -> AsyncMongoClient[Document]:
    """Timezone-aware datetimes (UTC never silently turns naive); acknowledged writes are durable
    (`w`, `j`); every operation ends within `timeoutMS`, so a half-open connection cannot hang a
    relay, a poller or a handler; retryable reads and writes ride out a failover.

    nx-27017 accepts `w: "majority"` and `j: true` (it ignores them); a standalone mongod takes
    `"majority"` as its own journaled write.
    """
    concern: int | str = int(write_concern) if write_concern.isdigit() else write_concern
    return AsyncMongoClient(
        url,
        tz_aware=True,
        serverSelectionTimeoutMS=timeout_ms,
        connectTimeoutMS=timeout_ms,
        timeoutMS=operation_timeout_ms,  # None: no bound (bulk loads in benchmarks)
        w=concern,
        journal=journal,
        retryWrites=True,
        retryReads=True,
        event_listeners=list(listeners),
        maxPoolSize=max_pool_size,
    )


class MongoSettings(Protocol):
    """The database settings every service and the CLI read (shared/settings.py)."""

    @property
    def mongodb_url(self) -> SecretStr: ...
    @property
    def mongodb_timeout_ms(self) -> int: ...
    @property
    def mongodb_operation_timeout_ms(self) -> int: ...
    @property
    def mongodb_write_concern(self) -> str: ...
    @property
    def mongodb_journal(self) -> bool: ...


def connect_as_set(
    settings: MongoSettings, listeners: Sequence[monitoring.CommandListener] = ()
) -> AsyncMongoClient[Document]:
    """A client with the operator's timeouts and durability, as the services and the CLI use."""
    return connect(
        settings.mongodb_url.get_secret_value(),
        timeout_ms=settings.mongodb_timeout_ms,
        operation_timeout_ms=settings.mongodb_operation_timeout_ms,
        write_concern=settings.mongodb_write_concern,
        journal=settings.mongodb_journal,
        listeners=listeners,
    )


GRIDFS_SUFFIXES = (".files", ".chunks")


async def ensure_indexes(
    collection: AsyncCollection[Document], specs: Sequence[IndexSpec], *, ttl: bool = False
) -> None:
    """Create the declared indexes; creating an existing one is a no-op on the server.

    TTL only when asked: the server deletes by its own clock, which a test's clock may not be.
    GridFS's own collections are never indexed (nor queried): nx-27017 then lists an indexed
    bucket collection as a plain one and fails every find on it.
    """
    if specs and collection.name.endswith(GRIDFS_SUFFIXES):
        raise ValueError(f"{collection.name}: GridFS collections get no indexes of ours")
    for spec in specs:
        options: dict[str, Any] = {"name": spec.name, "unique": spec.unique}
        if ttl and spec.expire_after_seconds is not None:
            options["expireAfterSeconds"] = spec.expire_after_seconds
        if spec.partial_filter is not None:
            options["partialFilterExpression"] = dict(spec.partial_filter)
        await collection.create_index(list(spec.keys), **options)


async def ping(database: AsyncDatabase[Document]) -> bool:
    """True when the database server answers."""
    try:
        await database.command("ping")
    except Exception:
        return False
    return True


async def fresh_client_answers(url: str, timeout_ms: int) -> bool:
    """Whether a client of its own (not the process's, which may be broken) reaches the server."""
    client = connect(url, timeout_ms=timeout_ms, operation_timeout_ms=timeout_ms, max_pool_size=1)
    try:
        await client.admin.command("ping")
    except Exception:
        return False
    finally:
        await client.close()
    return True
