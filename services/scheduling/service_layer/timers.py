"""Durable timers: arm what a trajectory or case needs, cancel what it no longer needs, fire once.

Rule: a timer key whose timer already fired (or was cancelled) at the same due time is never
armed again, so a redelivered event or a repeated sync cannot make an event fire twice; a new
due time (a session moved) arms it anew.
"""

from __future__ import annotations

import logging

from services.scheduling.domain import timers as plan_timers
from services.scheduling.domain.trajectories import Trajectory, timer_keys, wanted_timers
from services.scheduling.service_layer.context import Scheduling
from shared.contracts.registry import BY_ROUTING_KEY
from shared.contracts.scheduling import SessionReminderDue
from shared.persistence.aggregate import Change, Stored
from shared.persistence.ports import PENDING, Timer

log = logging.getLogger(__name__)


def _stored_form(timer: plan_timers.Timer, case_id: str | None) -> Timer:
    return Timer(
        kind=timer.routing_key, due_at=timer.due_at, payload=timer.payload, case_id=case_id
    )


async def arm(
    timer: plan_timers.Timer, case_id: str | None, ctx: Scheduling, *, new: bool = False
) -> bool:
    """Set a timer unless the same one is set or already done; True when something was written.
    `new`: most likely not set before, so it is inserted without a read (an existing one reads)."""
    wanted = _stored_form(timer, case_id)

    def decide(current: Timer | None) -> Change[Timer] | None:
        if current is None:
            return Change(wanted)
        same_time = current.due_at.timestamp() == wanted.due_at.timestamp()
        if current.status != PENDING:
            return None if same_time else Change(wanted)
        return None if same_time and current.payload == wanted.payload else Change(wanted)

    return (await ctx.timers.apply(timer.key, decide, new=new)).changed


async def sync_timers(trajectory: Trajectory, ctx: Scheduling) -> None:
    """Bring the trajectory's timers to what its state wants; safe to repeat."""
    calendar = ctx.calendar(trajectory.country)
    wanted = wanted_timers(trajectory, calendar, ctx.reminder_days)
    for key in sorted(timer_keys(trajectory) - {t.key for t in wanted}):
        await ctx.timers.cancel(key)
    for timer in wanted:
        await arm(timer, trajectory.case_id, ctx)


async def fire(stored: Stored[Timer], ctx: Scheduling) -> None:
    """Emit the timer's event through its outbox; a replica that loses the race emits nothing."""
    model = BY_ROUTING_KEY.get(stored.state.kind)
    if model is None:
        log.error("timer of unknown kind dropped", extra={"timer_kind": stored.state.kind})
        await ctx.timers.fire(stored, ctx.events.now())
        return
    data = model.model_validate(stored.state.payload)
    now = ctx.events.now()
    if isinstance(data, SessionReminderDue) and data.session.starts_at <= now:
        await ctx.timers.fire(stored, now)  # held past the session's start: no reminder at all
        log.warning(
            "reminder dropped: the session has begun", extra={"timer_kind": stored.state.kind}
        )
        return
    event = ctx.events(data, subject=stored.state.case_id)
    won = await ctx.timers.fire(stored, now, [event])
    if won:
        log.info("timer fired", extra={"timer_kind": stored.state.kind, "event_id": event.id})
