"""Tell a learner about their case once per assignment, never about one already replaced."""

from __future__ import annotations

from services.notifications.domain.records import LatestAssignment
from services.notifications.service_layer.context import Notifications
from shared.contracts.base import EventData
from shared.contracts.envelope import CloudEvent
from shared.contracts.intake import ParticipantAssigned
from shared.persistence.aggregate import Change


def assignment_key(data: ParticipantAssigned) -> str:
    """One document per learner per cohort."""
    return f"{data.cohort_id}:{data.participant.participant_id}"


async def outdated(event: CloudEvent[EventData], deps: Notifications) -> bool:
    """Record the event's revision; True when a newer one was seen (broker order is no order)."""
    data = event.data
    if not isinstance(data, ParticipantAssigned):
        return False

    def decide(current: LatestAssignment | None) -> Change[LatestAssignment] | None:
        if current is not None and current.revision >= data.revision:
            return None
        return Change(LatestAssignment(revision=data.revision))

    applied = await deps.assignments.apply(assignment_key(data), decide)
    return applied.state is not None and applied.state.revision > data.revision
