"""Version-guarded writes as whole-document replaces, because the stand-in mangles `$set` dates.

nx-27017 0.8.1 stores a top-level datetime given in `$set` as a naive string
("2026-02-27 16:00:00"), which then fails range queries (`due_at <= now`) and pydantic's
AwareDatetime. That breaks re-armed timers and, through `relay_lease_until`, the relay's claim of
an aggregate whose first events were already relayed. `replace_one` keeps datetimes intact and is
just as atomic and version-guarded on real MongoDB. Resetting the lease to EPOCH here may let
another replica re-publish in-flight events, which consumers drop as duplicates.
"""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import BaseModel

from shared.persistence.repository import (
    EPOCH,
    AggregateRepository,
    Change,
    ConcurrencyConflict,
    Stored,
    outbox_entry,
)
from shared.persistence.timers import TimerRepository

StateT = TypeVar("StateT", bound=BaseModel)


class ReplaceOnUpdate(AggregateRepository[StateT]):
    """Drop-in for `AggregateRepository.update` that never `$set`s a datetime."""

    async def update(
        self, stored: Stored[StateT], change: Change[StateT], handled_event_id: str | None = None
    ) -> Stored[StateT]:
        """Write a new state if nobody wrote since `stored` was read; else ConcurrencyConflict."""
        outbox = stored.outbox + tuple(outbox_entry(event) for event in change.events)
        handled = stored.handled
        if handled_event_id:
            handled = (*handled, handled_event_id)[-self.inbox_limit :]
        document: dict[str, Any] = {
            **self._fields(change),
            "version": stored.version + 1,
            "outbox": list(outbox),
            "pending_events": len(outbox),
            "inbox": list(handled),
            "relay_lease_until": EPOCH,
        }
        result = await self.collection.replace_one(
            {"_id": stored.id, "version": stored.version}, document
        )
        if result.matched_count != 1:
            raise ConcurrencyConflict(f"{self.collection_name}/{stored.id} changed meanwhile")
        self._notify(change.events)
        return Stored(stored.id, stored.version + 1, change.state, outbox, handled)


class SchedulingTimers(ReplaceOnUpdate[Any], TimerRepository):
    """The shared timer repository with stand-in-safe writes (fire, cancel, re-arm, postpone)."""
