"""The events intake consumes, each mapped to its use case and to the case's timeline."""

from __future__ import annotations

from services.intake.service_layer import agenda, enrolments, timelines
from services.intake.service_layer.context import Intake
from services.intake.service_layer.submissions import on_case_submitted
from shared.contracts.base import EventData
from shared.contracts.documents import (
    DocumentsReady,
    DraftDelivered,
    FeedbackSubmitted,
    FinalDelivered,
)
from shared.contracts.envelope import CloudEvent
from shared.contracts.intake import (
    CaseAccepted,
    CaseRejected,
    CaseScreened,
    CaseSubmitted,
    ParticipantRegistered,
    ParticipantWithdrawn,
)
from shared.contracts.notifications import NotificationFailed, NotificationSent
from shared.contracts.scheduling import (
    CohortPlanned,
    CohortUpdated,
    DecisionOverdue,
    DeliverableDue,
    DeliverableOverdue,
    SessionAttendeesChanged,
    SessionCancelled,
    SessionReminderDue,
    SessionRescheduled,
    SessionScheduled,
    TrajectoryScheduled,
)
from shared.messaging.dispatcher import Handler, handles

# Events that state sessions and their attendees: people's pages, and the case's timeline.
SESSION_EVENTS: tuple[type[EventData], ...] = (
    TrajectoryScheduled,
    SessionScheduled,
    SessionRescheduled,
    SessionCancelled,
    SessionReminderDue,
)
# Events that only feed the timeline: what happened to a case in any service.
TIMELINE_ONLY: tuple[type[EventData], ...] = (
    CaseScreened,
    CaseRejected,
    DecisionOverdue,
    DeliverableDue,
    DeliverableOverdue,
    DraftDelivered,
    FeedbackSubmitted,
    FinalDelivered,
    DocumentsReady,  # letters and the planning, listed on the owner's page
    NotificationSent,
    NotificationFailed,
)


def event_handlers(intake: Intake) -> dict[type[EventData], Handler]:
    """Handlers bound to this process's use cases; an unknown cohort is retried, then DLQ'd."""

    async def case_submitted(event: CloudEvent[CaseSubmitted]) -> None:
        await on_case_submitted(event, intake)
        await timelines.record(event, intake)

    async def cohort(event: CloudEvent[CohortPlanned | CohortUpdated]) -> None:
        await enrolments.on_cohort(event, intake)

    async def registered(event: CloudEvent[ParticipantRegistered]) -> None:
        data = event.data
        await enrolments.register(
            data.cohort_id,
            data.participant,
            intake,
            event_id=event.id,
            invoice=data.invoice,
            registered_at=data.registered_at,
        )

    async def withdrawn(event: CloudEvent[ParticipantWithdrawn]) -> None:
        data = event.data
        await enrolments.withdraw(
            data.cohort_id,
            data.participant_id,
            intake,
            event_id=event.id,
            withdrawn_at=data.withdrawn_at,
        )

    async def timeline(event: CloudEvent[EventData]) -> None:
        await timelines.record(event, intake)

    async def accepted(event: CloudEvent[CaseAccepted]) -> None:
        await enrolments.on_case_accepted(event, intake)
        await timelines.record(event, intake)

    async def session(event: CloudEvent[EventData]) -> None:
        await agenda.record_sessions(event, intake)
        await timelines.record(event, intake)

    async def attendees(event: CloudEvent[SessionAttendeesChanged]) -> None:
        await agenda.record_sessions(event, intake)

    return {
        **dict(
            [
                handles(CaseSubmitted, case_submitted),
                handles(CohortPlanned, cohort),
                handles(CohortUpdated, cohort),
                handles(ParticipantRegistered, registered),
                handles(ParticipantWithdrawn, withdrawn),
                handles(CaseAccepted, accepted),
                handles(SessionAttendeesChanged, attendees),
            ]
        ),
        **dict.fromkeys(SESSION_EVENTS, session),
        **dict.fromkeys(TIMELINE_ONLY, timeline),
    }
