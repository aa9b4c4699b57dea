"""The person directory: person id -> name and address, learnt from the events consumed."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Sequence
from typing import Any

from services.notifications.domain.directory import changed
from services.notifications.domain.model import Recipient
from services.notifications.service_layer.ports import PersonDirectory
from shared.persistence.repository import AggregateRepository, Change, ConcurrencyConflict, Stored

__all__ = ["InMemoryPersonDirectory", "PersonDirectory", "PersonDirectoryRepository"]

SEEN_LIMIT = 5_000


class PersonDirectoryRepository(AggregateRepository[Recipient]):
    """One document per person id, read by id only; written only when something changed."""

    owes_events = False

    collection_name = "people"
    state_model = Recipient

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._seen: OrderedDict[str, Recipient] = OrderedDict()  # as this process last stored

    async def remember(self, people: Sequence[Recipient]) -> None:
        """Keep the latest name and address of each, with a write per change. Someone this
        process stored lately just as the event names them costs nothing; someone it has not
        seen is most often new (a case's owner), so is inserted without a read first; the rest,
        and any insert that found the person stored already, take one read for all."""
        new = [p for p in people if changed(self._seen.get(p.person_id), p)]
        to_read = [p for p in new if p.person_id in self._seen]
        for person in (p for p in new if p.person_id not in self._seen):
            try:
                await self.insert(person.person_id, Change(person))
            except ConcurrencyConflict:  # stored before this process saw them
                to_read.append(person)
                continue
            self._saw(person)
        if not to_read:
            return
        ids = [person.person_id for person in to_read]
        cursor = self.collection.find({"_id": {"$in": ids}})
        known = {str(doc["_id"]): self._load(doc) async for doc in cursor}
        for person in to_read:
            stored = known.get(person.person_id)
            if changed(None if stored is None else stored.state, person):
                await self._write(person, stored)
            self._saw(person)

    def _saw(self, person: Recipient) -> None:
        """As this process last stored them; the oldest forgotten past SEEN_LIMIT."""
        self._seen[person.person_id] = person
        self._seen.move_to_end(person.person_id)
        while len(self._seen) > SEEN_LIMIT:
            self._seen.popitem(last=False)

    async def _write(self, person: Recipient, stored: Stored[Recipient] | None) -> None:
        """On the copy just read (no second read); after a conflict as `apply` decides."""
        try:
            if stored is None:
                await self.insert(person.person_id, Change(person))
            else:
                await self.update(stored, Change(person))
        except ConcurrencyConflict:
            await self.apply(person.person_id, _replace_with(person))

    async def look_up(self, person_id: str) -> Recipient | None:
        """The person as last seen, or None for someone never mailed."""
        stored = await self.get(person_id) if person_id else None
        return None if stored is None else stored.state


def _replace_with(person: Recipient) -> Callable[[Recipient | None], Change[Recipient]]:
    """The person as seen last replaces what was known."""
    return lambda _current: Change(person)


class InMemoryPersonDirectory:
    """The unit tests' twin."""

    def __init__(self) -> None:
        self.people: dict[str, Recipient] = {}

    async def remember(self, people: Sequence[Recipient]) -> None:
        """Same rule as the repository."""
        for person in people:
            self.people[person.person_id] = person

    async def look_up(self, person_id: str) -> Recipient | None:
        """The person as last seen."""
        return self.people.get(person_id)
