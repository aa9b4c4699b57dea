"""A person's links: their generation (raised on revocation) and requests for a fresh link."""

from __future__ import annotations

import datetime as dt

from pydantic import AwareDatetime, BaseModel

from shared.contracts.base import EventData
from shared.contracts.intake import CapabilityRevoked, PersonLinkRequested

QUIET = dt.timedelta(minutes=15)


class LinkRequests(BaseModel):
    """One document per person id; the owed event travels in its outbox."""

    person_id: str
    last_sent_at: AwareDatetime | None = None
    requested: int = 0
    generation: int = 0  # links signed below this generation no longer open anything

    def request(self, generation: int, at: dt.datetime) -> list[EventData]:
        """Owe `person.link_requested` unless one went out a moment ago (no mail bombing)."""
        self.requested += 1
        if self.last_sent_at is not None and at - self.last_sent_at < QUIET:
            return []
        self.last_sent_at = at
        fresh = max(generation, self.generation)
        return [PersonLinkRequested(person_id=self.person_id, generation=fresh, requested_at=at)]

    def revoke(self, at: dt.datetime) -> list[EventData]:
        """End every link minted so far (revoked or reissued): `capability.revoked`."""
        self.generation += 1
        return [
            CapabilityRevoked(person_id=self.person_id, generation=self.generation, revoked_at=at)
        ]

    def grants(self, generation: int) -> bool:
        """True for a link signed at the current generation (or later)."""
        return generation >= self.generation
