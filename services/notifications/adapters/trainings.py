"""The e-learning's live trainings as notifications learns them from session events."""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

from services.notifications.domain.records import Training
from services.notifications.service_layer.channel_ports import TrainingOffer
from shared.persistence.indexes import IndexSpec
from shared.persistence.repository import AggregateRepository

__all__ = ["InMemoryTrainingOffer", "Training", "TrainingOffer", "TrainingRepository"]


class TrainingRepository(AggregateRepository[Training]):
    """Keyed by session id; listed per cohort in date order."""

    owes_events = False

    collection_name = "trainings"
    state_model = Training
    indexes: ClassVar[tuple[IndexSpec, ...]] = (
        IndexSpec((("cohort_id", 1), ("starts.at", 1)), "cohort_starts"),
    )

    async def upcoming(self, cohort_id: str, after: dt.datetime, limit: int = 12) -> list[Training]:
        """The cohort's trainings that begin after `after`, not cancelled, soonest first."""
        found = await self.find(
            {"cohort_id": cohort_id, "starts.at": {"$gt": after}},
            sort=[("starts.at", 1)],
            limit=limit * 2,
        )
        return [s.state for s in found if not s.state.cancelled][:limit]


class InMemoryTrainingOffer:
    """The unit tests' twin."""

    def __init__(self, trainings: list[Training] | None = None) -> None:
        self.trainings = list(trainings or [])

    async def upcoming(self, cohort_id: str, after: dt.datetime) -> list[Training]:
        """Same rule as the repository."""
        found = [t for t in self.trainings if t.cohort_id == cohort_id and t.starts_at > after]
        return sorted((t for t in found if not t.cancelled), key=lambda t: t.starts_at)
