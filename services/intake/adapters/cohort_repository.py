"""Cohorts as intake knows them from scheduling's events, each with its places and waitlist."""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

from services.intake.domain.enrolment import Enrolment
from shared.contracts.scheduling import CohortInfo
from shared.persistence.indexes import IndexSpec
from shared.persistence.repository import AggregateRepository


class CohortRepository(AggregateRepository[Enrolment]):
    """One document per cohort: the read model of the cohort and its enrolment aggregate."""

    collection_name = "cohorts"
    state_model = Enrolment
    indexes: ClassVar[tuple[IndexSpec, ...]] = (
        IndexSpec((("cancelled", 1), ("start_date", 1)), "open_by_start"),
        IndexSpec((("person_ids", 1), ("start_date", 1)), "by_person"),
        IndexSpec((("mentor_ids", 1), ("start_date", 1)), "by_mentor"),
    )

    async def with_person(self, person_id: str, limit: int = 50) -> list[Enrolment]:
        """The cohorts in which this person is enrolled or waiting, by start date."""
        found = await self.find({"person_ids": person_id}, sort=[("start_date", 1)], limit=limit)
        return [stored.state for stored in found]

    async def with_mentor(self, person_id: str, limit: int = 50) -> list[Enrolment]:
        """The cohorts in which this person mentors a team, by start date."""
        found = await self.find({"mentor_ids": person_id}, sort=[("start_date", 1)], limit=limit)
        return [stored.state for stored in found]

    async def upcoming(self, today: dt.date, limit: int = 50) -> list[CohortInfo]:
        """Cohorts that go ahead and have not started, soonest first: the form's choices."""
        found = await self.find(
            {"cancelled": False, "start_date": {"$gt": today.isoformat()}},
            sort=[("start_date", 1)],
            limit=limit,
        )
        return [stored.state.cohort for stored in found]

    async def listed(self, limit: int = 200) -> list[Enrolment]:
        """Every cohort with its enrolment, going-ahead ones first, each by start date."""
        found = []
        for cancelled in (False, True):
            found += await self.find(
                {"cancelled": cancelled}, sort=[("start_date", 1)], limit=limit
            )
        return [stored.state for stored in found]
