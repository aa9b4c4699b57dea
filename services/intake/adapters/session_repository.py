"""Sessions as intake last heard of them, one document per session, found by who attends."""

from __future__ import annotations

from typing import ClassVar

from services.intake.domain.agenda import SessionView
from shared.persistence.indexes import IndexSpec
from shared.persistence.repository import AggregateRepository


class SessionRepository(AggregateRepository[SessionView]):
    """Keyed by session id; `person_ids` (multikey) with `starts_at` serves a person's page."""

    collection_name = "sessions"
    state_model = SessionView
    owes_events = False  # a read model of scheduling's events: the relay need not poll it
    indexes: ClassVar[tuple[IndexSpec, ...]] = (
        IndexSpec((("person_ids", 1), ("starts_at", 1)), "by_person_soonest_first"),
        IndexSpec((("cohort_id", 1), ("starts_at", 1)), "by_cohort_soonest_first"),
    )

    async def for_person(self, person_id: str, limit: int = 200) -> list[SessionView]:
        """Every session this person is invited to (cancelled ones too), soonest first."""
        found = await self.find({"person_ids": person_id}, sort=[("starts_at", 1)], limit=limit)
        return [stored.state for stored in found]

    async def of_cohort(self, cohort_id: str, limit: int = 200) -> list[SessionView]:
        """A cohort's sessions, soonest first (the console counts homework per round)."""
        found = await self.find({"cohort_id": cohort_id}, sort=[("starts_at", 1)], limit=limit)
        return [stored.state for stored in found]
