"""Events that refer to state not yet seen, parked in the database until that state arrives.

design.md, "Order": such an event is kept, never dropped, and requeueing it dead-letters it
within seconds. The consumer parks it under the aggregate it waits for and acks it; whoever
writes that aggregate replays what waits for it. The parker checks again after parking, so an
aggregate written meanwhile still gets its events (each side writes, then reads). Replayed
events pass the consumer's inbox like any delivery, so replaying twice changes nothing.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Awaitable, Callable, Mapping

from pydantic import BaseModel, ConfigDict, Field

from shared.contracts.base import EventData
from shared.contracts.envelope import CloudEvent, parse_event
from shared.contracts.registry import BY_TYPE
from shared.persistence.repository import AggregateRepository, Change

log = logging.getLogger(__name__)

Handler = Callable[[CloudEvent[EventData]], Awaitable[None]]


class ParkedEvent(BaseModel):
    """One event as it arrived: replayed through the same typed handler later."""

    model_config = ConfigDict(frozen=True)

    event_id: str
    routing_key: str
    body: str


class Parked(BaseModel):
    """Everything waiting for one aggregate, in arrival order."""

    model_config = ConfigDict(frozen=True)

    waits_for: str
    events: list[ParkedEvent] = Field(default_factory=list)


class ParkingLot(AggregateRepository[Parked]):
    """One document per awaited aggregate (`<kind>/<id>`); emptied as its events are applied."""

    collection_name = "parked_events"
    state_model = Parked
    owes_events = False  # events kept to be handled here, never published from here

    async def park(self, waits_for: str, event: CloudEvent[EventData]) -> None:
        """Keep the event until `waits_for` exists; the same event twice is kept once."""
        entry = ParkedEvent(
            event_id=event.id,
            routing_key=type(event.data).routing_key,
            body=event.model_dump_json(),
        )

        def decide(current: Parked | None) -> Change[Parked] | None:
            held = current or Parked(waits_for=waits_for)
            if any(e.event_id == event.id for e in held.events):
                return None
            return Change(held.model_copy(update={"events": [*held.events, entry]}))

        await self.apply(waits_for, decide)
        log.info("event parked", extra={"event_type": event.type, "waits_for": waits_for})

    async def replay(self, waits_for: str, handlers: Mapping[type[EventData], Handler]) -> int:
        """Hand every event waiting for `waits_for` to its handler, then forget it; how many."""
        stored = await self.get(waits_for)
        if stored is None or not stored.state.events:
            return 0
        for entry in stored.state.events:
            event = parse_event(entry.body.encode(), BY_TYPE, entry.routing_key)
            await handlers[type(event.data)](event)
            await self.apply(waits_for, functools.partial(_without, event_id=entry.event_id))
        log.info("parked events applied", extra={"count": len(stored.state.events)})
        return len(stored.state.events)


def _without(current: Parked | None, *, event_id: str) -> Change[Parked] | None:
    """What is left waiting once this event was applied."""
    if current is None or all(e.event_id != event_id for e in current.events):
        return None
    kept = [e for e in current.events if e.event_id != event_id]
    return Change(current.model_copy(update={"events": kept}))
