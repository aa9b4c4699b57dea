"""Case timelines in MongoDB: one document per case, keyed by the case id, with inbox and outbox."""

from __future__ import annotations

from typing import ClassVar

from services.intake.domain.timeline import CaseTimeline
from shared.persistence.repository import AggregateRepository


class TimelineRepository(AggregateRepository[CaseTimeline]):
    """Read by id only, so no index beyond `_id` (and the outbox's) is needed. Written once per
    event of a case, mostly in a burst: the next event decides on the copy just written."""

    collection_name = "timelines"
    state_model = CaseTimeline
    remembered: ClassVar[int] = 512
