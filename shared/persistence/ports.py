"""What every aggregate repository offers a use case, as a Protocol: read one, apply a decision.

Each service's `service_layer/ports.py` extends these with the named queries its use cases
need; the Mongo implementations (`AggregateRepository` subclasses in `adapters/`) satisfy them
structurally, and mypy checks that where the composition root builds them.
"""

from __future__ import annotations

from typing import Protocol, TypeVar

from pydantic import BaseModel

from shared.persistence.aggregate import Applied, Change, Decide, Stored

StateT = TypeVar("StateT", bound=BaseModel)


class AggregateStore(Protocol[StateT]):
    """Read an aggregate by id; apply a pure decision to it, guarded by version, once per event."""

    async def get(self, aggregate_id: str) -> Stored[StateT] | None: ...

    async def apply(
        self,
        aggregate_id: str,
        decide: Decide[StateT],
        *,
        event_id: str | None = None,
        attempts: int = 25,
    ) -> Applied[StateT]: ...


class WritableStore(AggregateStore[StateT], Protocol):
    """Also the two guarded writes `apply` is made of, for a use case with effects between
    reading and writing (documents renders and stores files before it records them)."""

    async def insert(
        self, aggregate_id: str, change: Change[StateT], handled_event_id: str | None = None
    ) -> Stored[StateT]: ...

    async def update(
        self, stored: Stored[StateT], change: Change[StateT], handled_event_id: str | None = None
    ) -> Stored[StateT]: ...
