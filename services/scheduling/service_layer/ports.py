"""The repositories scheduling's use cases reach, as Protocols: `get`, `apply` and named queries.

The Mongo implementations live in `adapters/repositories.py` and are built by `bootstrap.py`;
the fast tier runs the same classes on the in-memory twin (`tests/unit/scheduling/twin.py`).
Timers and parked events are the shared `TimerStore` and `ParkedEvents` of
`shared/persistence/ports.py`, one for every service.
"""

from __future__ import annotations

from typing import Protocol

from services.scheduling.domain.case_deadlines import CaseDeadline
from services.scheduling.domain.case_people import NamedExpert
from services.scheduling.domain.runs import CohortRun
from services.scheduling.domain.trajectories import CoachAgenda, Trajectory
from shared.contracts.base import ProgrammeFormat
from shared.persistence.aggregate import Stored
from shared.persistence.ports import AggregateStore


class CaseDeadlineStore(AggregateStore[CaseDeadline], Protocol):
    """A case's deadlines, by case id."""


class CohortStore(AggregateStore[CohortRun], Protocol):
    """Cohort runs (cohort, sessions, members) by cohort id, by start, or still owing changes."""

    async def owing_changes(self, limit: int = 100) -> list[Stored[CohortRun]]: ...

    async def by_start(
        self, format: ProgrammeFormat | None = None, limit: int = 500
    ) -> list[CohortRun]: ...


class NamedExpertStore(AggregateStore[NamedExpert], Protocol):
    """The content expert named after submission, by case id."""


class TrajectoryStore(AggregateStore[Trajectory], Protocol):
    """A case's trajectory, by case id; a cohort's trajectories; those still owing changes."""

    async def owing_changes(self, limit: int = 100) -> list[Stored[Trajectory]]: ...

    async def in_cohort(self, cohort_id: str, limit: int = 1000) -> list[Stored[Trajectory]]: ...

    async def any_in_cohort(self, cohort_id: str) -> bool: ...


class CoachAgendaStore(AggregateStore[CoachAgenda], Protocol):
    """A coach's agenda, by lower-case email; its version guards against double-booking."""
