"""Link generations (design.md, "Links for people"): the floor below which a person's links end.

Every service that verifies links keeps its own copy, raised by `capability.revoked`; a link
signed at a lower generation than the floor is refused with the Dutch 410 page.
"""

from __future__ import annotations

from typing import Any, Protocol

from pymongo.errors import DuplicateKeyError

from shared.capabilities import Capability
from shared.contracts.base import EventData
from shared.contracts.envelope import CloudEvent
from shared.contracts.intake import CapabilityRevoked
from shared.messaging.dispatcher import Handler, handles


class LinkGenerations(Protocol):
    """The current generation of each person's links (0 until one was revoked)."""

    async def current(self, person_id: str) -> int: ...

    async def raise_to(self, person_id: str, generation: int) -> None: ...


class StoredLinkGenerations:
    """One document per person whose links were ever revoked: `{_id: person_id, generation}`."""

    def __init__(self, collection: Any) -> None:
        self._collection = collection

    async def current(self, person_id: str) -> int:
        found = await self._collection.find_one({"_id": person_id})
        return int(found["generation"]) if found else 0

    async def current_of(self, person_ids: list[str]) -> dict[str, int]:
        """The current generation of each of several people, in one read."""
        found = self._collection.find({"_id": {"$in": person_ids}})
        known = {str(doc["_id"]): int(doc["generation"]) async for doc in found}
        return {person_id: known.get(person_id, 0) for person_id in person_ids}

    async def raise_to(self, person_id: str, generation: int) -> None:
        """Only ever upwards; a redelivered or late event changes nothing."""
        for _ in range(5):
            found = await self._collection.find_one({"_id": person_id})
            if found is None:
                try:
                    await self._collection.insert_one({"_id": person_id, "generation": generation})
                    return
                except DuplicateKeyError:
                    continue
            if int(found["generation"]) >= generation:
                return
            query = {"_id": person_id, "generation": found["generation"]}
            replaced = await self._collection.replace_one(query, {"generation": generation})
            if replaced.matched_count:
                return
        raise RuntimeError("link generation kept changing under us")


async def is_current(capability: Capability, generations: LinkGenerations) -> bool:
    """False for a link signed before its person's links were last revoked."""
    return capability.generation >= await generations.current(capability.subject)


def revoked_entry(generations: LinkGenerations) -> tuple[type[EventData], Handler]:
    """The `capability.revoked` handler every verifying service registers."""

    async def on_capability_revoked(event: CloudEvent[CapabilityRevoked]) -> None:
        await generations.raise_to(event.data.person_id, event.data.generation)

    return handles(CapabilityRevoked, on_capability_revoked)
