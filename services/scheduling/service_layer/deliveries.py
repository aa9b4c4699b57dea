"""Delivered drafts and finals stop their deadline timers; the final closes the trajectory."""

from __future__ import annotations

import logging
from typing import cast

from services.scheduling.domain.trajectories import Trajectory
from services.scheduling.service_layer.context import Scheduling
from services.scheduling.service_layer.timers import sync_timers
from shared.contracts.base import EventData
from shared.contracts.documents import DraftDelivered, FinalDelivered
from shared.contracts.envelope import CloudEvent
from shared.contracts.scheduling import DeliverableKind
from shared.messaging.dispatcher import handles
from shared.persistence.aggregate import Change

log = logging.getLogger(__name__)


Delivery = CloudEvent[DraftDelivered] | CloudEvent[FinalDelivered]


def _awaited(case_id: str) -> str:
    """What a delivery before its trajectory waits for (the parking lot's key)."""
    return f"trajectory/{case_id}"


async def on_delivered(event: Delivery, kind: DeliverableKind, ctx: Scheduling) -> None:
    """Record the delivery once, then cancel the timers it makes pointless; one that came
    before its trajectory is parked until the case is planned (design.md, "Order")."""
    case_id = event.data.case_id

    def decide(current: Trajectory | None) -> Change[Trajectory] | None:
        after = None if current is None else current.record_delivery(kind)
        return None if after is None else Change(after)

    applied = await ctx.trajectories.apply(case_id, decide, event_id=event.id)
    if applied.state is None:
        await ctx.parked.park(_awaited(case_id), cast(CloudEvent[EventData], event))
        if await ctx.trajectories.get(case_id) is not None:  # planned meanwhile
            await apply_parked(case_id, ctx)
        return
    await sync_timers(applied.state, ctx)


async def apply_parked(case_id: str, ctx: Scheduling) -> None:
    """Deliveries that came before the case's trajectory, applied now that it exists."""

    async def draft(event: CloudEvent[DraftDelivered]) -> None:
        await on_delivered(event, DeliverableKind.DRAFT, ctx)

    async def final(event: CloudEvent[FinalDelivered]) -> None:
        await on_delivered(event, DeliverableKind.FINAL, ctx)

    handlers = dict([handles(DraftDelivered, draft), handles(FinalDelivered, final)])
    await ctx.parked.replay(_awaited(case_id), handlers)
