"""People's link generations as read lately: one read serves the mails of the next seconds."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from typing import Any, ClassVar, Protocol

Everyone = Callable[[int], Awaitable[dict[str, int] | None]]


class ManyGenerations(Protocol):
    """The store: one person's generation, several in one read, raised by `capability.revoked`."""

    async def current(self, person_id: str) -> int: ...

    async def current_of(self, person_ids: list[str]) -> dict[str, int]: ...

    async def raise_to(self, person_id: str, generation: int) -> None: ...


def whole_collection(collection: Any) -> Everyone:
    """Every person whose links were ever revoked, in one read; None when more than `limit`."""

    async def everyone(limit: int) -> dict[str, int] | None:
        found = await collection.find({}).to_list(limit + 1)
        if len(found) > limit:
            return None
        return {str(doc["_id"]): int(doc["generation"]) for doc in found}

    return everyone


class KeptLinkGenerations:
    """Reads kept `keep_seconds`: with `everyone`, the whole (small) set of revoked people, so
    a mail to someone never revoked reads nothing; else per person. A revocation this process
    handles forgets what was kept at once, one another replica handles counts within that time
    (its mails' links are refused by the page, which offers a fresh one). At most `limit`."""

    keep_seconds: ClassVar[float] = 5.0
    limit: ClassVar[int] = 10_000

    def __init__(
        self,
        stored: ManyGenerations,
        everyone: Everyone | None = None,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self._stored = stored
        self._everyone = everyone
        self._monotonic = monotonic
        self._read: dict[str, tuple[float, int]] = {}
        self._all: tuple[float, dict[str, int]] | None = None
        self._refresh = asyncio.Lock()
        self._revocations = 0  # a read that overlapped a revocation is not kept

    def _kept(self, person_id: str, now: float) -> int | None:
        kept = self._read.get(person_id)
        return kept[1] if kept is not None and now - kept[0] < self.keep_seconds else None

    def _keep(self, read: dict[str, int], now: float) -> None:
        if len(self._read) + len(read) > self.limit:
            self._read.clear()
        for person_id, generation in read.items():
            self._read[person_id] = (now, generation)

    async def _snapshot(self, now: float) -> dict[str, int] | None:
        """Everyone revoked, read at most once per `keep_seconds`; None: ask per person."""
        if self._everyone is None:
            return None
        async with self._refresh:
            if self._all is not None and now - self._all[0] < self.keep_seconds:
                return self._all[1]
            revocations = self._revocations
            read = await self._everyone(self.limit)
            if read is None or revocations != self._revocations:
                return None
            self._all = (now, read)
            return read

    async def current(self, person_id: str) -> int:
        """The person's generation, read at most once per `keep_seconds`."""
        return (await self.current_of([person_id]))[person_id]

    async def current_of(self, person_ids: list[str]) -> dict[str, int]:
        """Everyone's generation; those not kept are read in one query."""
        now = self._monotonic()
        if (everyone := await self._snapshot(now)) is not None:
            return {p: everyone.get(p, 0) for p in person_ids}
        known = {p: g for p in person_ids if (g := self._kept(p, now)) is not None}
        missing = [p for p in person_ids if p not in known]
        if missing:
            revocations = self._revocations
            read = await self._stored.current_of(missing)
            if revocations == self._revocations:
                self._keep(read, now)
            known.update(read)
        return {p: known[p] for p in person_ids}

    def _forget(self, person_id: str) -> None:
        self._revocations += 1
        self._read.pop(person_id, None)
        self._all = None

    async def raise_to(self, person_id: str, generation: int) -> None:
        """Raised in the store; forgotten here before and after, so no read serves the old one."""
        self._forget(person_id)
        try:
            await self._stored.raise_to(person_id, generation)
        finally:
            self._forget(person_id)
