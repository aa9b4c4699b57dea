"""People's link generations as read lately: one read serves the mails of the next seconds."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import ClassVar, Protocol


class ManyGenerations(Protocol):
    """The store: one person's generation, several in one read, raised by `capability.revoked`."""

    async def current(self, person_id: str) -> int: ...

    async def current_of(self, person_ids: list[str]) -> dict[str, int]: ...

    async def raise_to(self, person_id: str, generation: int) -> None: ...


class KeptLinkGenerations:
    """Reads kept `keep_seconds`; a revocation this process handles forgets its person at once,
    one another replica handles counts within that time (its mails' links are refused by the
    page, which offers a fresh one). At most `limit` people are kept."""

    keep_seconds: ClassVar[float] = 30.0
    limit: ClassVar[int] = 10_000

    def __init__(
        self, stored: ManyGenerations, monotonic: Callable[[], float] = time.monotonic
    ) -> None:
        self._stored = stored
        self._monotonic = monotonic
        self._read: dict[str, tuple[float, int]] = {}
        self._revocations = 0  # a read that overlapped a revocation is not kept

    def _kept(self, person_id: str, now: float) -> int | None:
        kept = self._read.get(person_id)
        return kept[1] if kept is not None and now - kept[0] < self.keep_seconds else None

    def _keep(self, read: dict[str, int], now: float) -> None:
        if len(self._read) + len(read) > self.limit:
            self._read.clear()
        for person_id, generation in read.items():
            self._read[person_id] = (now, generation)

    async def current(self, person_id: str) -> int:
        """The person's generation, read at most once per `keep_seconds`."""
        return (await self.current_of([person_id]))[person_id]

    async def current_of(self, person_ids: list[str]) -> dict[str, int]:
        """Everyone's generation; those not kept are read in one query."""
        now = self._monotonic()
        known = {p: g for p in person_ids if (g := self._kept(p, now)) is not None}
        missing = [p for p in person_ids if p not in known]
        if missing:
            revocations = self._revocations
            read = await self._stored.current_of(missing)
            if revocations == self._revocations:
                self._keep(read, now)
            known.update(read)
        return {p: known[p] for p in person_ids}

    async def raise_to(self, person_id: str, generation: int) -> None:
        """Raised in the store; forgotten here before and after, so no read serves the old one."""
        self._revocations += 1
        self._read.pop(person_id, None)
        try:
            await self._stored.raise_to(person_id, generation)
        finally:
            self._revocations += 1
            self._read.pop(person_id, None)
