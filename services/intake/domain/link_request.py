"""A person's requests for a fresh page link: at most one per quarter hour goes out."""

from __future__ import annotations

import datetime as dt

from pydantic import AwareDatetime, BaseModel

from shared.contracts.base import EventData
from shared.contracts.intake import PersonLinkRequested

QUIET = dt.timedelta(minutes=15)


class LinkRequests(BaseModel):
    """One document per person id; the owed event travels in its outbox."""

    person_id: str
    last_sent_at: AwareDatetime | None = None
    requested: int = 0

    def request(self, generation: int, at: dt.datetime) -> list[EventData]:
        """Owe `person.link_requested` unless one went out a moment ago (no mail bombing)."""
        self.requested += 1
        if self.last_sent_at is not None and at - self.last_sent_at < QUIET:
            return []
        self.last_sent_at = at
        return [
            PersonLinkRequested(person_id=self.person_id, generation=generation, requested_at=at)
        ]
