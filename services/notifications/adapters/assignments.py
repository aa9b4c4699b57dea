"""The latest assignment revision per learner and cohort, so a late, older one mails nothing."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from shared.persistence.repository import AggregateRepository


class LatestAssignment(BaseModel):
    """The highest `participant.assigned` revision seen for one learner in one cohort."""

    model_config = ConfigDict(frozen=True)

    revision: int


class AssignmentRepository(AggregateRepository[LatestAssignment]):
    """Keyed by cohort and participant id; only ever read by id."""

    owes_events = False

    collection_name = "assignments"
    state_model = LatestAssignment
