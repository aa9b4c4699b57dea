"""Each session's guests in MongoDB, keyed by session id; staff list them per cohort."""

from __future__ import annotations

from typing import ClassVar

from services.intake.domain.guests import SessionGuests
from shared.persistence.indexes import IndexSpec
from shared.persistence.repository import AggregateRepository


class GuestRepository(AggregateRepository[SessionGuests]):
    """By `_id` for a session; `(cohort_id, session_id)` for the console's cohort page."""

    collection_name = "session_guests"
    state_model = SessionGuests
    indexes: ClassVar[tuple[IndexSpec, ...]] = (
        IndexSpec((("cohort_id", 1), ("session_id", 1)), "by_cohort"),
    )

    async def for_cohort(self, cohort_id: str, limit: int = 500) -> list[SessionGuests]:
        """Every session of the cohort (and its cases) that has or had guests."""
        found = await self.find({"cohort_id": cohort_id}, sort=[("session_id", 1)], limit=limit)
        return [stored.state for stored in found]
