"""Case deadlines in MongoDB: one document per case."""

from __future__ import annotations

from services.scheduling.domain.case_deadlines import CaseDeadline
from shared.persistence.repository import AggregateRepository


class CaseDeadlineRepository(AggregateRepository[CaseDeadline]):
    """Looked up by case id only, so it needs no index of its own."""

    collection_name = "case_deadlines"
    state_model = CaseDeadline
