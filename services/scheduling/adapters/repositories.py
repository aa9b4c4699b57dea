"""Scheduling's aggregates in MongoDB, each with the indexes its queries need."""

from __future__ import annotations

from typing import ClassVar

from services.scheduling.domain.case_deadlines import CaseDeadline
from services.scheduling.domain.case_people import NamedExpert
from services.scheduling.domain.runs import CohortRun
from services.scheduling.domain.trajectories import CoachAgenda, Trajectory
from shared.contracts.base import ProgrammeFormat
from shared.persistence.indexes import IndexSpec
from shared.persistence.repository import AggregateRepository, Stored


class CaseDeadlineRepository(AggregateRepository[CaseDeadline]):
    """Looked up by case id only, so it needs no index of its own. A case's submission and its
    screening arrive together: the second decides on the copy the first wrote."""

    collection_name = "case_deadlines"
    state_model = CaseDeadline
    owes_events = False  # the decision timer owes `case.decision_overdue`, not this record
    remembered: ClassVar[int] = 512


class CohortRepository(AggregateRepository[CohortRun]):
    """One document per cohort run (cohort, sessions, members), keyed by the cohort id."""

    collection_name = "cohorts"
    state_model = CohortRun
    indexes: ClassVar[tuple[IndexSpec, ...]] = (
        IndexSpec((("cohort.start_date", 1),), "start_date"),
        IndexSpec((("cohort.format", 1), ("cohort.start_date", 1)), "format_start_date"),
        IndexSpec((("changes_owed", 1),), "changes_owed"),
    )

    async def owing_changes(self, limit: int = 100) -> list[Stored[CohortRun]]:
        """Cohort runs whose last staff change still owes its timers."""
        return await self.find({"changes_owed": True}, limit=limit)

    async def by_start(
        self, format: ProgrammeFormat | None = None, limit: int = 500
    ) -> list[CohortRun]:
        """Cohort runs by start date, optionally of one format."""
        query = {"cohort.format": format.value} if format else {}
        found = await self.find(query, sort=[("cohort.start_date", 1)], limit=limit)
        return [stored.state for stored in found]


class NamedExpertRepository(AggregateRepository[NamedExpert]):
    """The content expert named after submission, one document per case id."""

    collection_name = "case_experts"
    state_model = NamedExpert
    owes_events = False  # the trajectory's write owes the changed invites


class TrajectoryRepository(AggregateRepository[Trajectory]):
    """One document per case; a cohort's feed reads all trajectories of that cohort."""

    collection_name = "trajectories"
    state_model = Trajectory
    indexes: ClassVar[tuple[IndexSpec, ...]] = (
        IndexSpec((("cohort_id", 1), ("case_id", 1)), "cohort_case"),
        IndexSpec((("changes_owed", 1),), "changes_owed"),
    )

    async def owing_changes(self, limit: int = 100) -> list[Stored[Trajectory]]:
        """Trajectories whose last staff change still owes its timers or bookings."""
        return await self.find({"changes_owed": True}, limit=limit)

    async def in_cohort(self, cohort_id: str, limit: int = 1000) -> list[Stored[Trajectory]]:
        """The trajectories of a cohort's cases, by case id."""
        return await self.find({"cohort_id": cohort_id}, sort=[("case_id", 1)], limit=limit)

    async def any_in_cohort(self, cohort_id: str) -> bool:
        """Whether a case of this cohort has a trajectory (planned or failed)."""
        return await self.count({"cohort_id": cohort_id}) > 0


class CoachAgendaRepository(AggregateRepository[CoachAgenda]):
    """One document per coach (lower-case email): its version guards against double-booking."""

    collection_name = "coach_agendas"
    state_model = CoachAgenda
    owes_events = False  # bookings only; the trajectory owes the events
