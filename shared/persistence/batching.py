"""Events of one aggregate that queue up in a process are decided in turn and written once.

While one event's write of an aggregate is on its way, others for the same aggregate wait
(`KeyedLocks`). The next writer takes every event waiting by then, runs their deciders one
after another on the state (each sees what the one before decided), and writes the result
with all their events owed and all their ids in the inbox, in one version-guarded write: a
burst of n events costs one round trip instead of n. Deciders are pure, so a conflict simply
runs the batch again on a fresh read. Only calls that carry an event id join a batch: a
redelivered one is a duplicate by the inbox, so a member whose writer failed can retry safely.
"""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any, ClassVar, Generic, Protocol

from shared.contracts.base import EventData
from shared.contracts.envelope import CloudEvent
from shared.persistence.aggregate import (
    Applied,
    Change,
    ConcurrencyConflict,
    Decide,
    StateT,
    Stored,
)
from shared.persistence.keyed_locks import KeyedLocks
from shared.persistence.remembered import Remembered


@dataclass(eq=False)
class Call(Generic[StateT]):
    """One event's `apply`, waiting for a writer (itself or the one before it in the queue)."""

    decide: Decide[StateT]
    event_id: str
    new: bool
    done: asyncio.Future[Applied[StateT]] = field(
        default_factory=lambda: asyncio.get_running_loop().create_future()
    )
    solo: bool = False  # was in a batch whose write failed: written alone from now on


@dataclass
class Outcome(Generic[StateT]):
    """A batch decided on one copy: what to write, and each call's answer."""

    change: Change[StateT] | None = None
    handled: list[str] = field(default_factory=list)
    answers: dict[Call[Any], Applied[StateT]] = field(default_factory=dict)
    failed: dict[Call[Any], Exception] = field(default_factory=dict)
    read_again: bool = False  # a "nothing to do" seen on a remembered copy: believe a read only


def decide_batch(
    stored: Stored[StateT] | None, calls: Sequence[Call[StateT]], guessed: bool
) -> Outcome[StateT]:
    """Run each call's decider in turn on the state its predecessors left (pure)."""
    outcome: Outcome[StateT] = Outcome()
    state = None if stored is None else stored.state
    seen = set(stored.handled) if stored is not None else set()
    events: list[CloudEvent[EventData]] = []
    for call in calls:
        if call.event_id in seen:
            outcome.answers[call] = Applied(state, changed=False, duplicate=True)
            continue
        try:
            change = call.decide(state)
        except Exception as exc:  # its own refusal; the state it saw may be altered: re-read
            outcome.failed[call] = exc
            outcome.read_again = True
            return outcome
        if change is None:
            if guessed:
                outcome.read_again = True
                return outcome
            outcome.answers[call] = Applied(state, changed=False)
            continue
        state = change.state
        events.extend(change.events)
        seen.add(call.event_id)
        outcome.handled.append(call.event_id)
        outcome.answers[call] = Applied(state, changed=True)
    if outcome.handled and state is not None:
        outcome.change = Change(state, tuple(events))
    return outcome


def take(waiting: list[Call[StateT]], limit: int) -> list[Call[StateT]]:
    """The calls still unanswered, oldest first, at most `limit` (one document's inbox); a
    call from a batch whose write failed goes alone, so one call's fault fails only itself."""
    unanswered = [call for call in waiting if not call.done.done()]
    if unanswered and unanswered[0].solo:
        batch = unanswered[:1]
    else:
        batch = list(itertools.takewhile(lambda call: not call.solo, unanswered))[:limit]
    taken = set(batch)
    waiting[:] = [call for call in waiting if call not in taken and not call.done.done()]
    return batch


class Writer(Protocol[StateT]):
    """The repository as a batch writes through it."""

    collection_name: ClassVar[str]
    inbox_limit: ClassVar[int]

    async def get(self, aggregate_id: str) -> Stored[StateT] | None: ...

    async def insert(
        self, aggregate_id: str, change: Change[StateT], handled_event_id: str | None = None
    ) -> Stored[StateT]: ...

    async def update(
        self, stored: Stored[StateT], change: Change[StateT], handled_event_id: str | None = None
    ) -> Stored[StateT]: ...


class EventBatches(Generic[StateT]):
    """Event applies of one repository, per aggregate queued and written in batches."""

    def __init__(
        self,
        writer: Writer[StateT],
        serial: KeyedLocks,
        recent: Remembered[StateT],
        linger_seconds: float = 0.0,
    ) -> None:
        self._writer = writer
        self._serial = serial
        self._recent = recent
        self._linger = linger_seconds  # a read model's writer waits this long for company
        self._waiting: dict[str, list[Call[StateT]]] = {}

    async def apply(self, call: Call[StateT], aggregate_id: str, attempts: int) -> Applied[StateT]:
        """An event's apply: whoever writes next takes it along with the others waiting."""
        waiting = self._waiting.setdefault(aggregate_id, [])
        waiting.append(call)
        try:
            async with self._serial.hold(aggregate_id):
                if self._linger and not call.done.done():
                    await asyncio.sleep(self._linger)  # the events close behind join this write
                while not call.done.done() and (batch := take(waiting, self._writer.inbox_limit)):
                    try:
                        await self._batch(aggregate_id, batch, attempts)
                    except Exception as exc:
                        if len(batch) == 1:
                            _settle(batch[0], exc)  # alone: its own failure
                            continue
                        for member in batch:
                            member.solo = True  # whose fault it was, each finds out alone
                        waiting[:0] = [c for c in batch if not c.done.done()]
                    except BaseException:
                        # cancelled: the others retry on their own turn
                        waiting[:0] = [c for c in batch if c is not call and not c.done.done()]
                        raise
        except BaseException:
            if not call.done.done():
                call.done.cancel()  # not taken along by a later writer
            elif not call.done.cancelled():
                call.done.exception()  # answered as its caller went: nobody will ask
            raise
        finally:
            if not waiting and self._waiting.get(aggregate_id) is waiting:
                del self._waiting[aggregate_id]
        return call.done.result()

    async def _batch(self, aggregate_id: str, batch: list[Call[StateT]], attempts: int) -> None:
        """Decide the batch on one copy and write it once; on a conflict, read and decide again."""
        pending = list(batch)
        guess = None if pending[0].new else self._recent.get(aggregate_id)
        guessing = pending[0].new or guess is not None
        try:
            for attempt in range(attempts + guessing):
                guessed = guessing and attempt == 0
                stored = guess if guessed else await self._writer.get(aggregate_id)
                outcome = decide_batch(stored, pending, guessed)
                for call, exc in outcome.failed.items():
                    _settle(call, exc)
                    pending.remove(call)
                if outcome.read_again:
                    self._recent.forget(aggregate_id)
                    if pending:
                        continue
                    return
                written = None
                if (change := outcome.change) is not None:
                    first, *more = outcome.handled
                    change = replace(change, also_handled=tuple(more))
                    try:
                        if stored is None:
                            written = await self._writer.insert(aggregate_id, change, first)
                        else:
                            written = await self._writer.update(stored, change, first)
                    except ConcurrencyConflict:
                        self._recent.forget(aggregate_id)
                        continue
                for call, applied in outcome.answers.items():
                    _settle(call, replace(applied, stored=written) if applied.changed else applied)
                return
        except BaseException:
            self._recent.forget(aggregate_id)  # a decider may have altered the copy
            raise
        for call in pending:
            _settle(
                call,
                ConcurrencyConflict(f"{self._writer.collection_name}/{aggregate_id}: contention"),
            )


def _settle(call: Call[Any], answer: Applied[Any] | Exception) -> None:
    """Answer a waiting call, unless its caller has gone meanwhile."""
    if call.done.done():
        return
    if isinstance(answer, Exception):
        call.done.set_exception(answer)
    else:
        call.done.set_result(answer)
