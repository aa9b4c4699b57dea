"""The person directory: person id -> name and address, learnt from the events consumed."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Protocol

from services.notifications.domain.directory import changed
from services.notifications.domain.model import Recipient
from shared.persistence.repository import AggregateRepository, Change


class PersonDirectory(Protocol):
    """Where a `person.link_requested` finds the address it does not carry."""

    async def remember(self, people: Sequence[Recipient]) -> None: ...

    async def look_up(self, person_id: str) -> Recipient | None: ...


class PersonDirectoryRepository(AggregateRepository[Recipient]):
    """One document per person id, read by id only; written only when something changed."""

    owes_events = False

    collection_name = "people"
    state_model = Recipient

    async def remember(self, people: Sequence[Recipient]) -> None:
        """Keep the latest name and address of each; one read for all, a write per change."""
        if not people:
            return
        ids = [person.person_id for person in people]
        cursor = self.collection.find({"_id": {"$in": ids}})
        known = {str(doc["_id"]): self._load(doc).state async for doc in cursor}
        for person in people:
            if changed(known.get(person.person_id), person):
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
