"""The events scheduling consumes, each mapped to its service-layer handler."""

from __future__ import annotations

from typing import Any

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
from shared.messaging.dispatcher import Handler, PermanentFailure


def event_handlers(ctx: Scheduling) -> dict[type[EventData], Handler]:
    """Handlers bound to this process's use cases."""

    async def case_submitted(event: CloudEvent[Any]) -> None:
        await decisions.on_case_submitted(event, ctx)

    async def case_screened(event: CloudEvent[Any]) -> None:
        await decisions.on_case_screened(event, ctx)

    async def case_rejected(event: CloudEvent[Any]) -> None:
        await decisions.on_case_rejected(event, ctx)

    async def case_accepted(event: CloudEvent[Any]) -> None:
        try:
            await planning.on_case_accepted(ctx, event.data, event.id)
        except PlanningError as exc:  # stored as the trajectory's status too (GET, replan)
            raise PermanentFailure(
                f"planning of case {event.data.case_id} failed: {exc.reason}"
            ) from exc

    async def draft_delivered(event: CloudEvent[Any]) -> None:
        await deliveries.on_delivered(ctx, event.data.case_id, DeliverableKind.DRAFT, event.id)

    async def final_delivered(event: CloudEvent[Any]) -> None:
        await deliveries.on_delivered(ctx, event.data.case_id, DeliverableKind.FINAL, event.id)

    async def participant_enrolled(event: CloudEvent[Any]) -> None:
        await membership.on_enrolled(ctx, event)

    async def participant_left(event: CloudEvent[Any]) -> None:
        await membership.on_left(ctx, event)

    async def participant_assigned(event: CloudEvent[Any]) -> None:
        await membership.on_assigned(ctx, event)

    async def team_updated(event: CloudEvent[Any]) -> None:
        await membership.on_team_updated(ctx, event)

    async def guests_updated(event: CloudEvent[Any]) -> None:
        await membership.on_guests_updated(ctx, event)

    async def content_expert_named(event: CloudEvent[Any]) -> None:
        await membership.on_expert_named(ctx, event)

    return {
        CaseSubmitted: case_submitted,
        CaseScreened: case_screened,
        CaseRejected: case_rejected,
        CaseAccepted: case_accepted,
        DraftDelivered: draft_delivered,
        FinalDelivered: final_delivered,
        ParticipantEnrolled: participant_enrolled,
        ParticipantLeft: participant_left,
        ParticipantAssigned: participant_assigned,
        ContentExpertNamed: content_expert_named,
        TeamUpdated: team_updated,
        SessionGuestsUpdated: guests_updated,
    }
