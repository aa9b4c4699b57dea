"""Reading what a use case left on the in-memory twin: the events it owes, the ids it handled."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any, TypeVar

from shared.contracts.base import EventData
from shared.contracts.envelope import CloudEvent, parse_event
from shared.contracts.registry import BY_TYPE
from shared.messaging.dispatcher import Handler
from shared.persistence.ports import AggregateStore
from shared.persistence.repository import AggregateRepository

RepositoryT = TypeVar("RepositoryT", bound=AggregateRepository[Any])


def behind(port: object, kind: type[RepositoryT]) -> RepositoryT:
    """The twin's repository behind a port, for a test that asks it a query no use case needs."""
    assert isinstance(port, kind), f"{type(port).__name__} is no {kind.__name__}"
    return port


async def owed(repository: AggregateStore[Any], aggregate_id: str) -> list[str]:
    """The routing keys of the events the aggregate owes, in the order they were owed."""
    stored = await repository.get(aggregate_id)
    return [] if stored is None else [entry["routing_key"] for entry in stored.outbox]


async def owed_data(
    repository: AggregateStore[Any], aggregate_id: str, routing_key: str
) -> list[dict[str, Any]]:
    """The payloads of the owed events with this routing key, as consumers will read them."""
    stored = await repository.get(aggregate_id)
    entries = [] if stored is None else stored.outbox
    return [json.loads(e["body"])["data"] for e in entries if e["routing_key"] == routing_key]


async def everything_owed(repository: AggregateRepository[Any]) -> list[str]:
    """Every routing key owed by any aggregate of the repository (the twin holds few)."""
    found = await repository.find({"pending_events": {"$gt": 0}}, limit=10_000)
    return [entry["routing_key"] for stored in found for entry in stored.outbox]


async def published_by(
    repository: AggregateStore[Any], aggregate_id: str, *routing_keys: str
) -> list[CloudEvent[EventData]]:
    """The owed events as a consumer receives them from the bus (parsed and validated)."""
    stored = await repository.get(aggregate_id)
    entries = [] if stored is None else stored.outbox
    wanted = [e for e in entries if not routing_keys or e["routing_key"] in routing_keys]
    return [parse_event(e["body"].encode(), BY_TYPE, e["routing_key"]) for e in wanted]


async def hand_to(
    handlers: Mapping[type[EventData], Handler], events: Sequence[CloudEvent[EventData]]
) -> None:
    """Deliver events to a service's handler map, in order, skipping what it does not consume."""
    for event in events:
        handler = handlers.get(type(event.data))
        if handler is not None:
            await handler(event)
