"""The MongoDB client and index creation, opened by a composition root, never at import time."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pymongo import AsyncMongoClient, monitoring
from pymongo.asynchronous.collection import AsyncCollection
from pymongo.asynchronous.database import AsyncDatabase

from shared.persistence.indexes import IndexSpec

Document = dict[str, Any]


def connect(
    url: str,
    *,
    timeout_ms: int = 5_000,
    listeners: Sequence[monitoring.CommandListener] = (),
) -> AsyncMongoClient[Document]:
    """A client that returns timezone-aware datetimes, so UTC never silently turns naive."""
    return AsyncMongoClient(
        url,
        tz_aware=True,
        serverSelectionTimeoutMS=timeout_ms,
        connectTimeoutMS=timeout_ms,
        event_listeners=list(listeners),
    )


async def ensure_indexes(collection: AsyncCollection[Document], specs: Sequence[IndexSpec]) -> None:
    """Create the declared indexes; creating an existing one is a no-op on the server."""
    for spec in specs:
        options: dict[str, Any] = {"name": spec.name, "unique": spec.unique}
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
