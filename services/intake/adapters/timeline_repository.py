"""Case timelines in MongoDB: one document per case, keyed by the case id, with inbox and outbox."""

from __future__ import annotations

from services.intake.domain.timeline import CaseTimeline
from shared.persistence.repository import AggregateRepository


class TimelineRepository(AggregateRepository[CaseTimeline]):
    """Read by id only, so no index beyond `_id` (and the outbox's) is needed."""

    collection_name = "timelines"
    state_model = CaseTimeline
