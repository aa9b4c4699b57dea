"""Publishing a batch of owed documents: every event sent before any confirm is awaited."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from pymongo.asynchronous.collection import AsyncCollection

from shared.messaging.publish_channel import PublishRefused
from shared.persistence.mongo import Document
from shared.persistence.owed_events import entry_id

Owed = tuple[AsyncCollection[Document], Document]
Publish = Callable[[Document], Awaitable[None]]

# The event's own fault, not the broker's absence: counted towards setting it aside.
ENTRY_FAULTS = (PublishRefused, KeyError, TypeError, ValueError, AttributeError)


@dataclass
class Settled:
    """What became of one document's events in a batch."""

    sent: set[str] = field(default_factory=set)
    faults: list[tuple[Any, Exception]] = field(default_factory=list)  # the event's own fault
    broken: BaseException | None = None  # the broker's (or the database's): retried later


def _key(position: tuple[int, int], entry: Any) -> Any:
    """Events with an id are published once per batch, however many documents carry them."""
    found = entry_id(entry)
    return found if isinstance(found, str) else position


async def _one_by_one(publish: Publish, entries: dict[Any, Any], outcomes: dict[Any, Any]) -> None:
    """A refused message closes the shared channel under the events sent beside it: each
    failed one is sent again alone, so only the event at fault is blamed."""
    for key, entry in entries.items():
        if outcomes[key] is None:
            continue
        try:
            await publish(entry)
        except ENTRY_FAULTS as exc:
            outcomes[key] = exc
            continue
        except Exception:  # the broker itself: the rest keep their first outcome
            return
        outcomes[key] = None


async def publish_batch(publish: Publish, batch: Sequence[Owed]) -> list[Settled]:
    """Publish every owed event of the batch pipelined (all sent, then all confirms awaited);
    per document, which events were confirmed and which failed, and why."""
    entries: dict[Any, Any] = {}
    for doc_index, (_, document) in enumerate(batch):
        for position, entry in enumerate(document.get("outbox", ())):
            entries.setdefault(_key((doc_index, position), entry), entry)
    results = await asyncio.gather(*(publish(e) for e in entries.values()), return_exceptions=True)
    outcomes = dict(zip(entries, results, strict=True))
    for result in results:
        if isinstance(result, BaseException) and not isinstance(result, Exception):
            raise result  # cancelled (a stop) or worse: the caller releases the batch
    if len(entries) > 1 and any(isinstance(r, ENTRY_FAULTS) for r in results):
        await _one_by_one(publish, entries, outcomes)
    settled: list[Settled] = []
    for doc_index, (_, document) in enumerate(batch):
        state = Settled()
        for position, entry in enumerate(document.get("outbox", ())):
            outcome = outcomes[_key((doc_index, position), entry)]
            if outcome is None:
                state.sent.add(entry["id"])
            elif isinstance(outcome, ENTRY_FAULTS):
                state.faults.append((entry, outcome))
            elif state.broken is None:
                state.broken = outcome
        settled.append(state)
    return settled
