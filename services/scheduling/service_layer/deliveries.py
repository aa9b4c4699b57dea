"""Delivered drafts and finals stop their deadline timers; the final closes the trajectory."""

from __future__ import annotations

import logging

from services.scheduling.domain.trajectories import Trajectory, TrajectoryStatus
from services.scheduling.service_layer.context import Scheduling
from services.scheduling.service_layer.timers import sync_timers
from shared.contracts.scheduling import DeliverableKind
from shared.persistence.repository import Change

log = logging.getLogger(__name__)


async def on_delivered(ctx: Scheduling, case_id: str, kind: DeliverableKind, event_id: str) -> None:
    """Record the delivery once, then cancel the timers it makes pointless."""

    def decide(current: Trajectory | None) -> Change[Trajectory] | None:
        if current is None or kind in current.delivered:
            return None
        update: dict[str, object] = {"delivered": [*current.delivered, kind]}
        if kind is DeliverableKind.FINAL and current.status is TrajectoryStatus.PLANNED:
            update["status"] = TrajectoryStatus.COMPLETED
        return Change(current.model_copy(update=update))

    applied = await ctx.trajectories.apply(case_id, decide, event_id=event_id)
    if applied.state is None:
        log.info("delivery for a case without trajectory ignored", extra={"kind": kind.value})
        return
    await sync_timers(ctx, applied.state)
