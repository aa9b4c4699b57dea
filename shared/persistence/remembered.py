"""The aggregates a process wrote last, so the next `apply` on one need not read it first.

A copy here is only a guess: the version guard of the write built on it decides whether it was
current. A write on a stale copy (another replica, or the relay, wrote since) conflicts, the copy
is dropped, and the change is decided again on a fresh read.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Generic

from shared.persistence.aggregate import StateT, Stored


class Remembered(Generic[StateT]):
    """At most `size` aggregates as this process last wrote them, least recently used dropped."""

    def __init__(self, size: int) -> None:
        self._size = size
        self._stored: OrderedDict[str, Stored[StateT]] = OrderedDict()

    def get(self, aggregate_id: str) -> Stored[StateT] | None:
        """The copy as last written here, or None."""
        stored = self._stored.get(aggregate_id)
        if stored is not None:
            self._stored.move_to_end(aggregate_id)
        return stored

    def keep(self, stored: Stored[StateT]) -> None:
        """Remember what was just written (nothing when the size is 0)."""
        if self._size <= 0:
            return
        self._stored[stored.id] = stored
        self._stored.move_to_end(stored.id)
        while len(self._stored) > self._size:
            self._stored.popitem(last=False)

    def forget(self, aggregate_id: str) -> None:
        """The copy may be stale or altered: the next `apply` reads."""
        self._stored.pop(aggregate_id, None)
