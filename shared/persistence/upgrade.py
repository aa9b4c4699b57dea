"""Data written in an older shape, rewritten once in today's by the repository's own write."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from shared.persistence.repository import AggregateRepository, Change, ConcurrencyConflict

log = logging.getLogger(__name__)


async def rewrite_old_shape(repository: AggregateRepository[Any], query: Mapping[str, Any]) -> int:
    """Load every document the query finds (the state model reads the old shape) and write it
    back whole, version-guarded, so it is stored as the model serialises it now; returns how
    many. A document someone wrote meanwhile is already in the new shape: skipped."""
    rewritten = 0
    async for document in repository.collection.find(dict(query)):
        stored = await repository.get(str(document["_id"]))
        if stored is None:
            continue
        try:
            await repository.update(stored, Change(stored.state))
        except ConcurrencyConflict:
            continue
        rewritten += 1
    if rewritten:
        log.info(
            "documents rewritten in the current shape",
            extra={"collection": repository.collection_name, "documents": rewritten},
        )
    return rewritten
