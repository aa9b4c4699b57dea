"""The events scheduling consumes, each mapped to its service-layer handler."""

from __future__ import annotations

from services.scheduling.domain.errors import PlanningError
from services.scheduling.service_layer import decisions, deliveries, membership, planning
from services.scheduling.service_layer.context import Scheduling
from shared.contracts.base import EventData
from shared.contracts.documents import DraftDelivered, FinalDelivered
from shared.contracts.envelope import CloudEvent
from shared.contracts.intake import (
    CaseAccepted,
    CaseRejected,
    CaseScreened,
    CaseSubmitted,
    ContentExpertNamed,
    ParticipantAssigned,
    ParticipantEnrolled,
    ParticipantLeft,
    SessionGuestsUpdated,
    TeamUpdated,
)
from shared.contracts.scheduling import DeliverableKind
from shared.messaging.dispatcher import Handler, PermanentFailure, handles


def event_handlers(ctx: Scheduling) -> dict[type[EventData], Handler]:
    """Handlers bound to this process's use cases."""

    async def case_submitted(event: CloudEvent[CaseSubmitted]) -> None:
        await decisions.on_case_submitted(event, ctx)

    async def case_screened(event: CloudEvent[CaseScreened]) -> None:
        await decisions.on_case_screened(event, ctx)

    async def case_rejected(event: CloudEvent[CaseRejected]) -> None:
        await decisions.on_case_rejected(event, ctx)

    async def case_accepted(event: CloudEvent[CaseAccepted]) -> None:
        try:
            await planning.on_case_accepted(event.data, event.id, ctx)
        except PlanningError as exc:  # stored as the trajectory's status too (GET, replan)
            raise PermanentFailure(
                f"planning of case {event.data.case_id} failed: {exc.reason}"
            ) from exc

    async def draft_delivered(event: CloudEvent[DraftDelivered]) -> None:
        await deliveries.on_delivered(event, DeliverableKind.DRAFT, ctx)

    async def final_delivered(event: CloudEvent[FinalDelivered]) -> None:
        await deliveries.on_delivered(event, DeliverableKind.FINAL, ctx)

    async def participant_enrolled(event: CloudEvent[ParticipantEnrolled]) -> None:
        await membership.on_enrolled(event, ctx)

    async def participant_left(event: CloudEvent[ParticipantLeft]) -> None:
        await membership.on_left(event, ctx)

    async def participant_assigned(event: CloudEvent[ParticipantAssigned]) -> None:
        await membership.on_assigned(event, ctx)

    async def team_updated(event: CloudEvent[TeamUpdated]) -> None:
        await membership.on_team_updated(event, ctx)

    async def guests_updated(event: CloudEvent[SessionGuestsUpdated]) -> None:
        await membership.on_guests_updated(event, ctx)

    async def content_expert_named(event: CloudEvent[ContentExpertNamed]) -> None:
        await membership.on_expert_named(event, ctx)

    return dict(
        [
            handles(CaseSubmitted, case_submitted),
            handles(CaseScreened, case_screened),
            handles(CaseRejected, case_rejected),
            handles(CaseAccepted, case_accepted),
            handles(DraftDelivered, draft_delivered),
            handles(FinalDelivered, final_delivered),
            handles(ParticipantEnrolled, participant_enrolled),
            handles(ParticipantLeft, participant_left),
            handles(ParticipantAssigned, participant_assigned),
            handles(ContentExpertNamed, content_expert_named),
            handles(TeamUpdated, team_updated),
            handles(SessionGuestsUpdated, guests_updated),
        ]
    )
