"""Scheduling's aggregates in MongoDB, each with the indexes its queries need."""

from __future__ import annotations

from typing import ClassVar

from services.scheduling.domain.case_deadlines import CaseDeadline
from services.scheduling.domain.trajectories import CoachAgenda, Trajectory
from shared.contracts.scheduling import CohortInfo
from shared.persistence.indexes import IndexSpec
from shared.persistence.repository import AggregateRepository


class CaseDeadlineRepository(AggregateRepository[CaseDeadline]):
    """Looked up by case id only, so it needs no index of its own."""

    collection_name = "case_deadlines"
    state_model = CaseDeadline


class CohortRepository(AggregateRepository[CohortInfo]):
    """One document per cohort, keyed by its id; staff list them by start date."""

    collection_name = "cohorts"
    state_model = CohortInfo
    indexes: ClassVar[tuple[IndexSpec, ...]] = (
        IndexSpec((("start_date", 1),), "start_date"),
        IndexSpec((("format", 1), ("start_date", 1)), "format_start_date"),
    )


class TrajectoryRepository(AggregateRepository[Trajectory]):
    """One document per case; a cohort's feed reads all trajectories of that cohort."""

    collection_name = "trajectories"
    state_model = Trajectory
    indexes: ClassVar[tuple[IndexSpec, ...]] = (
        IndexSpec((("cohort_id", 1), ("case_id", 1)), "cohort_case"),
    )


class CoachAgendaRepository(AggregateRepository[CoachAgenda]):
    """One document per coach (lower-case email): its version guards against double-booking."""

    collection_name = "coach_agendas"
    state_model = CoachAgenda
