"""Who produces which event (design.md's catalogue); consumers are read from each service's code."""

from __future__ import annotations

from shared.contracts import documents, intake, notifications, scheduling
from shared.contracts.base import EventData

PRODUCED_BY: dict[str, tuple[type[EventData], ...]] = {
    "intake": (
        intake.CaseSubmitted,
        intake.CaseScreened,
        intake.CaseAccepted,
        intake.CaseRejected,
        intake.ParticipantEnrolled,
        intake.ParticipantWaitlisted,
        intake.ParticipantRefused,
        intake.ParticipantLeft,
        intake.ParticipantAssigned,
        intake.TeamUpdated,
        intake.SessionGuestsUpdated,
        intake.ContentExpertNamed,
        intake.PersonLinkRequested,
        intake.CapabilityRevoked,
        documents.FeedbackSubmitted,  # the owner portal's feedback form
    ),
    "scheduling": (
        scheduling.CohortPlanned,
        scheduling.CohortUpdated,
        scheduling.DecisionOverdue,
        scheduling.TrajectoryScheduled,
        scheduling.SessionScheduled,
        scheduling.SessionRescheduled,
        scheduling.SessionCancelled,
        scheduling.SessionAttendeesChanged,
        scheduling.SessionReminderDue,
        scheduling.DeliverableDue,
        scheduling.DeliverableOverdue,
        scheduling.TrajectoryPlanningFailed,
    ),
    "documents": (
        documents.DraftDelivered,
        documents.FinalDelivered,
        documents.DeliverableRefused,
        documents.DeliverableOpened,
        documents.PreparationReminderDue,
        documents.DocumentsReady,
        documents.FeedbackSubmitted,  # the owner's feedback through documents' own API
    ),
    "notifications": (notifications.NotificationSent, notifications.NotificationFailed),
}

EXTERNAL_INPUTS: tuple[type[EventData], ...] = (
    intake.CaseSubmitted,
    intake.ParticipantRegistered,
    intake.ParticipantWithdrawn,
    documents.FeedbackSubmitted,
)
"""Events other systems may publish too (same envelope, same schema)."""
