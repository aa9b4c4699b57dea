"""The events documents consumes, each mapped to its service-layer handler."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from services.documents.domain.errors import DocumentsError
from services.documents.service_layer.context import Documents
from services.documents.service_layer.deliveries import on_feedback_submitted
from services.documents.service_layer.library import on_final_delivered
from services.documents.service_layer.lifecycle import (
    on_case_accepted,
    on_case_rejected,
    on_case_submitted,
    on_session_rescheduled,
    on_trajectory_scheduled,
)
from services.documents.service_layer.releases import on_attendees_changed, on_deliverable_due
from services.documents.service_layer.reminders import on_session_reminder_due
from shared.contracts.base import EventData
from shared.contracts.documents import FeedbackSubmitted, FinalDelivered
from shared.contracts.envelope import CloudEvent
from shared.contracts.intake import CaseAccepted, CaseRejected, CaseSubmitted
from shared.contracts.scheduling import (
    DeliverableDue,
    SessionAttendeesChanged,
    SessionReminderDue,
    SessionRescheduled,
    TrajectoryScheduled,
)
from shared.messaging.dispatcher import EventT, Handler, PermanentFailure, handles


def _permanent(
    model: type[EventT], handler: Callable[[CloudEvent[EventT]], Awaitable[None]]
) -> tuple[type[EventData], Handler]:
    """A domain refusal (unknown case, feedback on a version never delivered) never heals:
    dead-letter it with the reason instead of retrying."""

    async def handle(event: CloudEvent[EventT]) -> None:
        try:
            await handler(event)
        except DocumentsError as exc:
            raise PermanentFailure(f"{type(exc).__name__}: {exc}") from exc

    return handles(model, handle)


def event_handlers(docs: Documents) -> dict[type[EventData], Handler]:
    """Handlers bound to this process's dependencies."""
    return dict(
        [
            _permanent(CaseSubmitted, lambda e: on_case_submitted(e, docs)),
            _permanent(CaseAccepted, lambda e: on_case_accepted(e, docs)),
            _permanent(CaseRejected, lambda e: on_case_rejected(e, docs)),
            _permanent(TrajectoryScheduled, lambda e: on_trajectory_scheduled(e, docs)),
            _permanent(SessionRescheduled, lambda e: on_session_rescheduled(e, docs)),
            _permanent(SessionReminderDue, lambda e: on_session_reminder_due(e, docs)),
            _permanent(DeliverableDue, lambda e: on_deliverable_due(e, docs)),
            _permanent(SessionAttendeesChanged, lambda e: on_attendees_changed(e, docs)),
            _permanent(FeedbackSubmitted, lambda e: on_feedback_submitted(e, docs)),
            _permanent(FinalDelivered, lambda e: on_final_delivered(e, docs)),
        ]
    )
