"""The events documents consumes, each mapped to its service-layer handler."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from services.documents.adapters.library_index import LibraryIndex
from services.documents.domain.errors import DocumentsError
from services.documents.service_layer.deliveries import on_deliverable_due, on_feedback_submitted
from services.documents.service_layer.library import on_final_delivered
from services.documents.service_layer.lifecycle import (
    on_case_accepted,
    on_case_rejected,
    on_case_submitted,
    on_session_rescheduled,
    on_trajectory_scheduled,
)
from services.documents.service_layer.links import Links
from services.documents.service_layer.producing import Producer
from services.documents.service_layer.reminders import on_session_reminder_due
from shared.contracts.base import EventData
from shared.contracts.documents import FeedbackSubmitted, FinalDelivered
from shared.contracts.envelope import CloudEvent, EventFactory
from shared.contracts.intake import CaseAccepted, CaseRejected, CaseSubmitted
from shared.contracts.scheduling import (
    DeliverableDue,
    SessionReminderDue,
    SessionRescheduled,
    TrajectoryScheduled,
)
from shared.messaging.dispatcher import Handler, PermanentFailure


def _permanent(handler: Callable[[CloudEvent[Any]], Awaitable[None]]) -> Handler:
    """A domain refusal (unknown case, feedback on a version never delivered) never heals:
    dead-letter it with the reason instead of retrying."""

    async def handle(event: CloudEvent[Any]) -> None:
        try:
            await handler(event)
        except DocumentsError as exc:
            raise PermanentFailure(f"{type(exc).__name__}: {exc}") from exc

    return handle


def event_handlers(
    producer: Producer, events: EventFactory, links_to: Links, library: LibraryIndex
) -> dict[type[EventData], Handler]:
    """Handlers bound to this process's repositories."""

    async def deliverable_due(event: CloudEvent[Any]) -> None:
        await on_deliverable_due(event, producer, events, links_to)

    async def final_delivered(event: CloudEvent[Any]) -> None:
        await on_final_delivered(event, producer.files, library)

    handlers: dict[type[EventData], Callable[[CloudEvent[Any]], Awaitable[None]]] = {
        CaseSubmitted: lambda e: on_case_submitted(e, producer),
        CaseAccepted: lambda e: on_case_accepted(e, producer, events, links_to),
        CaseRejected: lambda e: on_case_rejected(e, producer, events, links_to),
        TrajectoryScheduled: lambda e: on_trajectory_scheduled(e, producer, events, links_to),
        SessionRescheduled: lambda e: on_session_rescheduled(e, producer),
        SessionReminderDue: lambda e: on_session_reminder_due(e, producer, events, links_to),
        DeliverableDue: deliverable_due,
        FeedbackSubmitted: lambda e: on_feedback_submitted(e, producer),
        FinalDelivered: final_delivered,
    }
    return {model: _permanent(handler) for model, handler in handlers.items()}
