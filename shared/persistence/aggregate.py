"""The values an aggregate repository reads and writes, and how a writer sees the relay."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Generic, Protocol, TypeVar

from pydantic import BaseModel
from pymongo.asynchronous.collection import AsyncCollection

from shared.contracts.base import EventData
from shared.contracts.envelope import CloudEvent
from shared.persistence.mongo import Document
from shared.tracing import current_traceparent, with_traceparent

StateT = TypeVar("StateT", bound=BaseModel)


class EventRelay(Protocol):
    """The outbox relay as a writer sees it: lease owed events in the write, then hand them over."""

    @property
    def owner(self) -> str: ...

    def lease(self) -> tuple[int, str]: ...

    def now_ms(self) -> int: ...

    def hand_over(self, collection: AsyncCollection[Document], document: Document) -> None: ...


class ConcurrencyConflict(Exception):
    """Someone else wrote the aggregate since we read it: re-read and decide again."""


class UniqueViolation(Exception):
    """Another aggregate holds a value a unique index guards (e.g. an external reference)."""

    def __init__(self, index: str) -> None:
        super().__init__(f"unique index {index} violated")
        self.index = index


@dataclass(frozen=True)
class Stored(Generic[StateT]):
    """An aggregate as read, with what the version-guarded write needs to know."""

    id: str
    version: int
    state: StateT
    outbox: tuple[Document, ...] = ()
    handled: tuple[str, ...] = ()
    relay_lease: tuple[int, str | None] = (0, None)


@dataclass(frozen=True)
class Change(Generic[StateT]):
    """A new state and the events that change owes, written together in one atomic write."""

    state: StateT
    events: Sequence[CloudEvent[EventData]] = field(default_factory=tuple)
    # Further event ids this write handles (a batch of events decided together: `batching.py`).
    also_handled: tuple[str, ...] = ()


@dataclass(frozen=True)
class Applied(Generic[StateT]):
    """What `apply` did: the state now stored, and whether this call changed anything."""

    state: StateT | None
    changed: bool
    duplicate: bool = False
    stored: Stored[StateT] | None = None  # as written, for a follow-up write without a re-read


Decide = Callable[[StateT | None], Change[StateT] | None]


def outbox_entry(event: CloudEvent[EventData]) -> Document:
    """An owed event as stored: already serialised, so the relay publishes exactly these bytes.

    With tracing on, the trace that recorded it goes along: in the entry for the relay, and in
    the envelope as the CloudEvents distributed-tracing extension for whoever reads it later.
    """
    traceparent = current_traceparent()
    entry: Document = {
        "id": event.id,
        "type": event.type,
        "routing_key": event.data.routing_key,
        "subject": event.subject,
        "body": with_traceparent(event.to_json(), traceparent).decode(),
    }
    if traceparent:
        entry["traceparent"] = traceparent
    return entry
