"""Reading what a use case left on the in-memory twin: the events it owes, the ids it handled."""

from __future__ import annotations

import json
from typing import Any

from shared.persistence.repository import AggregateRepository


async def owed(repository: AggregateRepository[Any], aggregate_id: str) -> list[str]:
    """The routing keys of the events the aggregate owes, in the order they were owed."""
    stored = await repository.get(aggregate_id)
    return [] if stored is None else [entry["routing_key"] for entry in stored.outbox]


async def owed_data(
    repository: AggregateRepository[Any], aggregate_id: str, routing_key: str
) -> list[dict[str, Any]]:
    """The payloads of the owed events with this routing key, as consumers will read them."""
    stored = await repository.get(aggregate_id)
    entries = [] if stored is None else stored.outbox
    return [json.loads(e["body"])["data"] for e in entries if e["routing_key"] == routing_key]


async def everything_owed(repository: AggregateRepository[Any]) -> list[str]:
    """Every routing key owed by any aggregate of the repository (the twin holds few)."""
    found = await repository.find({"pending_events": {"$gt": 0}}, limit=10_000)
    return [entry["routing_key"] for stored in found for entry in stored.outbox]
