"""What every aggregate repository offers a use case, as a Protocol: read one, apply a decision.

Each service's `service_layer/ports.py` extends these with the named queries its use cases
need; the Mongo implementations (`AggregateRepository` subclasses in `adapters/`) satisfy them
structurally, and mypy checks that where the composition root builds them. The shared timers
(`TimerStore`, the `TimerRepository` of `timers.py`) and parked events (`ParkedEvents`, the
`ParkingLot` of `parking.py`) are ports here too, so no use case or entrypoint names a class
that talks to the database.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable, Mapping, Sequence
from typing import Any, Protocol, TypeVar

from pydantic import AwareDatetime, BaseModel, ConfigDict

from shared.contracts.base import EventData
from shared.contracts.envelope import CloudEvent
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
        new: bool = False,
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


PENDING = "pending"
FIRED = "fired"
CANCELLED = "cancelled"
POISONED = "poisoned"  # its handling failed `POISON_AFTER` times: set aside until replayed
POISON_AFTER = 5


class Timer(BaseModel):
    """Something to do at `due_at`; `kind` says what, `payload` carries what it needs."""

    model_config = ConfigDict(frozen=True)

    kind: str
    due_at: AwareDatetime
    status: str = PENDING
    payload: dict[str, Any] = {}
    case_id: str | None = None
    fired_at: AwareDatetime | None = None
    failures: int = 0  # handlings that raised since it was (re)armed or replayed
    last_error: str = ""


class TimerStore(AggregateStore[Timer], Protocol):
    """Durable timers by key: set, cancel, read what is due (and when the next is), fire once,
    set failing ones aside; tells an observer of each write (the poller wakes for an arm)."""

    async def schedule(self, key: str, timer: Timer) -> None: ...

    async def cancel(self, key: str) -> bool: ...

    async def due(self, now: dt.datetime, limit: int = 100) -> list[Stored[Timer]]: ...

    async def next_due(self) -> dt.datetime | None: ...

    def on_written(self, observer: Callable[[Any, Any], Awaitable[None]]) -> None: ...

    async def fire(
        self, stored: Stored[Timer], now: dt.datetime, events: Sequence[CloudEvent[EventData]] = ()
    ) -> bool: ...

    async def postpone(self, stored: Stored[Timer], until: dt.datetime) -> Stored[Timer] | None: ...

    async def failed(
        self, key: str, reason: str, now: dt.datetime, poison_after: int = POISON_AFTER
    ) -> bool: ...

    async def poisoned(self, limit: int = 500) -> list[Stored[Timer]]: ...

    async def replay(self, key: str, now: dt.datetime) -> bool: ...


ParkedHandler = Callable[[CloudEvent[EventData]], Awaitable[None]]


class ParkedEvents(Protocol):
    """Events that came before the aggregate they refer to, kept until it is written."""

    async def park(self, waits_for: str, event: CloudEvent[EventData]) -> None: ...

    async def replay(
        self, waits_for: str, handlers: Mapping[type[EventData], ParkedHandler]
    ) -> int: ...
