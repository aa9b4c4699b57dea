"""The catalogue of every event on the bus, looked up by CloudEvents type or routing key."""

from __future__ import annotations

from shared.contracts import documents, intake, notifications, scheduling
from shared.contracts.base import EventData

ALL_EVENTS: tuple[type[EventData], ...] = (
    scheduling.CohortPlanned,
    scheduling.CohortUpdated,
    intake.CaseSubmitted,
    intake.CaseScreened,
    intake.CaseAccepted,
    intake.CaseRejected,
    scheduling.DecisionOverdue,
    intake.ParticipantRegistered,
    intake.ParticipantWithdrawn,
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
    scheduling.TrajectoryScheduled,
    scheduling.SessionScheduled,
    scheduling.SessionRescheduled,
    scheduling.SessionCancelled,
    scheduling.SessionAttendeesChanged,
    scheduling.SessionReminderDue,
    scheduling.DeliverableDue,
    scheduling.DeliverableOverdue,
    scheduling.TrajectoryPlanningFailed,
    documents.DeliverableRefused,
    documents.DeliverableOpened,
    documents.PreparationReminderDue,
    documents.DraftDelivered,
    documents.FeedbackSubmitted,
    documents.FinalDelivered,
    documents.DocumentsReady,
    notifications.NotificationSent,
    notifications.NotificationFailed,
)

BY_TYPE: dict[str, type[EventData]] = {model.event_type(): model for model in ALL_EVENTS}
BY_ROUTING_KEY: dict[str, type[EventData]] = {model.routing_key: model for model in ALL_EVENTS}
