"""Keep the e-learning's offer of live trainings from scheduling's session events."""

from __future__ import annotations

from typing import Any

from services.notifications.domain.records import Moment, Training
from services.notifications.service_layer.context import Notifications
from shared.contracts.base import EventData, ProgrammeFormat
from shared.contracts.envelope import CloudEvent
from shared.contracts.scheduling import SessionCancelled, SessionEvent
from shared.persistence.aggregate import Change


def offered(data: Any) -> Training | None:
    """The training an e-learning session event describes; None for any other event."""
    if not isinstance(data, SessionEvent) or data.format is not ProgrammeFormat.E_LEARNING:
        return None
    session = data.session
    return Training(
        session_id=session.session_id,
        cohort_id=data.cohort_id,
        name=session.name,
        starts=Moment(at=session.starts_at),
        ends=Moment(at=session.ends_at),
        capacity=session.capacity,
        sequence=session.sequence,
        cancelled=session.cancelled or isinstance(data, SessionCancelled),
    )


async def remember_training(event: CloudEvent[EventData], deps: Notifications) -> None:
    """Store the training as the event tells it, unless a later version is already known."""
    training = offered(event.data)
    if training is None:
        return

    def decide(current: Training | None) -> Change[Training] | None:
        if current is not None and current.sequence > training.sequence:
            return None  # an older event arriving late
        if current is not None and current.cancelled and current.sequence == training.sequence:
            return None  # a cancellation stands against news of the same version
        return Change(training)

    await deps.trainings.apply(training.session_id, decide, event_id=event.id)
