"""The latest assignment revision per learner and cohort, so a late, older one mails nothing."""

from __future__ import annotations

from services.notifications.domain.records import LatestAssignment
from shared.persistence.repository import AggregateRepository

__all__ = ["AssignmentRepository", "LatestAssignment"]


class AssignmentRepository(AggregateRepository[LatestAssignment]):
    """Keyed by cohort and participant id; only ever read by id."""

    owes_events = False

    collection_name = "assignments"
    state_model = LatestAssignment
