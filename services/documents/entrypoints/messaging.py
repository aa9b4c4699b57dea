"""The events documents consumes, each mapped to its service-layer handler."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from services.documents.domain.errors import DocumentsError
from services.documents.service_layer.deliveries import on_feedback_submitted
from services.documents.service_layer.library import on_final_delivered
from services.documents.service_layer.lifecycle import (
    on_case_accepted,
    on_case_rejected,
    on_case_submitted,
    on_session_rescheduled,
    on_trajectory_scheduled,
)
from services.documents.service_layer.links import Links
from services.documents.service_layer.ports import Library
from services.documents.service_layer.producing import Producer
from services.documents.service_layer.releases import on_attendees_changed, on_deliverable_due
from services.documents.service_layer.reminders import on_session_reminder_due
from shared.contracts.base import EventData
from shared.contracts.documents import FeedbackSubmitted, FinalDelivered
from shared.contracts.envelope import CloudEvent, EventFactory
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


def event_handlers(
    producer: Producer, events: EventFactory, links_to: Links, library: Library
) -> dict[type[EventData], Handler]:
    """Handlers bound to this process's repositories."""

    async def deliverable_due(event: CloudEvent[DeliverableDue]) -> None:
        await on_deliverable_due(event, producer, events)

    async def final_delivered(event: CloudEvent[FinalDelivered]) -> None:
        await on_final_delivered(event, producer.files, library)

    return dict(
        [
            _permanent(CaseSubmitted, lambda e: on_case_submitted(e, producer)),
            _permanent(CaseAccepted, lambda e: on_case_accepted(e, producer, events, links_to)),
            _permanent(CaseRejected, lambda e: on_case_rejected(e, producer, events, links_to)),
            _permanent(
                TrajectoryScheduled,
                lambda e: on_trajectory_scheduled(e, producer, events, links_to),
            ),
            _permanent(SessionRescheduled, lambda e: on_session_rescheduled(e, producer)),
            _permanent(
                SessionReminderDue,
                lambda e: on_session_reminder_due(e, producer, events, links_to),
            ),
            _permanent(DeliverableDue, deliverable_due),
            _permanent(SessionAttendeesChanged, lambda e: on_attendees_changed(e, producer)),
            _permanent(FeedbackSubmitted, lambda e: on_feedback_submitted(e, producer)),
            _permanent(FinalDelivered, final_delivered),
        ]
    )
